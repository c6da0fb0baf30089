import ArgumentParser
import FleetRuntime
import FleetSettings
import InvoiceQueryAPI
import Logging

extension ApiCommand {
    /// `invoice-fleet api [serve]`: runs the API until SIGTERM or SIGINT.
    struct Serve: AsyncParsableCommand {
        static let settings = QueryAPIConfiguration.settings + StackSettings.settings + [LogSettings.level().description]
        static let configuration = CommandConfiguration.component(
            nil, abstract: "Serve the query API until SIGTERM/SIGINT; /health, /metrics and /openapi.json need no key.",
            settings: settings
        )

        @OptionGroup var arguments: SettingsArguments

        func run() async throws {
            let source = try arguments.source(known: Self.settings)
            let configuration = try QueryAPIConfiguration(from: source)
            let logger = try ProcessLogging.bootstrap(label: "api", source: source)
            logger.info("settings", metadata: ["in_force": "\(SettingsHelp.inForce(Self.settings, source: source))"])
            let process: ComponentProcess
            do {
                process = try await buildQueryAPIProcess(configuration: configuration, logger: logger)
            } catch {
                throw ValidationError("\(error)")
            }
            try await process.run()
        }
    }
}
