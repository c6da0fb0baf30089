import ArgumentParser
import FleetCore
import FleetObservability
import Hummingbird
import InvoiceQueryAPI
import Logging
import ServiceLifecycle

extension ApiCommand {
    /// `invoice-fleet api [serve]`: runs the API until SIGTERM or SIGINT.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the query API until SIGTERM/SIGINT; /health, /metrics and /openapi.json need no key."
        )

        @OptionGroup var stack: StackOptions
        @OptionGroup var logging: LoggingOptions

        @Option(help: "Interface to listen on (env API_HOST, default 127.0.0.1).") var host: String?
        @Option(help: "TCP port (env API_PORT, default 8080).") var port: Int?
        @Option(help: "Comma-separated SHA-256 hashes of accepted keys (env API_KEY_HASHES).") var apiKeyHashes: String?
        @Option(help: "File of key hashes, one a line, re-read when it changes (env API_KEYS_FILE).") var apiKeysFile: String?
        @Option(help: "Seconds between checks of the keys file (env API_KEYS_RELOAD_SECONDS, default 5).") var apiKeysReloadSeconds: Int?

        func run() async throws {
            var config = QueryAPIConfiguration(environment: EnvironmentReader.process.values)
            config.stack = stack.settings
            if let host { config.host = host }
            if let port { config.port = port }
            if let apiKeyHashes { config.apiKeyHashes = apiKeyHashes.split(separator: ",").map { String($0) } }
            if let apiKeysFile { config.apiKeysFile = apiKeysFile }
            if let apiKeysReloadSeconds { config.apiKeysReloadInterval = .seconds(apiKeysReloadSeconds) }

            let logger = logging.bootstrap(label: "api")
            let registry = OperationsServer.bootstrapMetrics()
            let aws = try AWSEnvironment(settings: config.stack)
            let dependencies: QueryAPIDependencies
            do {
                dependencies = try QueryAPIDependencies(configuration: config, dynamo: aws.dynamo, registry: registry, logger: logger)
            } catch {
                await aws.shutdown()
                throw ValidationError("\(error)")
            }
            if config.cursorSecret == nil {
                logger.warning("API_CURSOR_SECRET is not set: cursors are signed with a random secret and work only against this process")
            }
            let keyCount = await dependencies.keys.count
            logger.info("query API starting", metadata: [
                "address": "\(config.host):\(config.port)", "table": "\(config.stack.table)",
                "keys": "\(keyCount)",
            ])
            let app = buildApplication(configuration: config, dependencies: dependencies)
            let group = ServiceGroup(configuration: .init(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            ))
            do {
                try await group.run()
            } catch {
                await aws.shutdown()
                throw error
            }
            await aws.shutdown()
        }
    }
}
