import ArgumentParser
import FleetCore
import Logging

/// `--log-level`, shared by the long-running subcommands.
struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL, default info).")
    var logLevel: String?

    /// Sets up swift-log once for the process and returns the component's logger.
    func bootstrap(label: String, metadata: Logger.Metadata = [:]) -> Logger {
        let level = Logger.Level(rawValue: logLevel ?? EnvironmentReader.process.string("LOG_LEVEL", default: "info")) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        for (key, value) in metadata { logger[metadataKey: key] = value }
        return logger
    }
}
