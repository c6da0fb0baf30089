import ArgumentParser
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
            try await arguments.runComponent("api", settings: Self.settings) { source, logger in
                do {
                    return try await buildQueryAPIProcess(configuration: QueryAPIConfiguration(from: source), logger: logger)
                } catch let error as SettingsError {
                    throw error
                } catch {
                    throw ValidationError("\(error)")
                }
            }
        }
    }
}
