import ArgumentParser
import FleetRuntime
import FleetSettings
import Logging

/// The settings flags of a command (`--batch-size 50`, `--brokers=…`), read through
/// `SettingsSource` over the environment, so that a flag and its variable are one
/// setting with one parser. `--help` lists them from the command's settings.
struct SettingsArguments: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var values: [String] = []

    /// - Throws: `SettingsError` for a flag the command does not know.
    func source(known: [SettingDescription]) throws -> SettingsSource {
        try SettingsSource(arguments: values, known: known)
    }

    /// What a long-running command does: reads its settings (stopping at the first bad
    /// one, before any connection), sets up logging, logs the settings in force with
    /// secrets redacted, builds the component's process and runs it until a signal.
    func runComponent(
        _ label: String, settings: [SettingDescription],
        metadata: (SettingsSource) throws -> Logger.Metadata = { _ in [:] },
        build: (SettingsSource, Logger) async throws -> ComponentProcess
    ) async throws {
        let source = try source(known: settings)
        let logger = try ProcessLogging.bootstrap(label: label, source: source, metadata: metadata(source))
        logger.info("settings", metadata: ["in_force": "\(SettingsHelp.inForce(settings, source: source))"])
        try await build(source, logger).run()
    }
}

/// The process's logging, set up once from `LOG_LEVEL` / `--log-level`.
enum ProcessLogging {
    /// Sets up swift-log for the process and returns the component's logger.
    static func bootstrap(
        label: String, source: SettingsSource, defaultLevel: Logger.Level = .info, metadata: Logger.Metadata = [:]
    ) throws -> Logger {
        let level = try source.value(LogSettings.level(default: defaultLevel))
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        for (key, value) in metadata { logger[metadataKey: key] = value }
        return logger
    }

    /// A logger on stderr for the one-shot tools, without touching the process's bootstrap.
    static func toolLogger(_ label: String, source: SettingsSource, defaultLevel: Logger.Level = .error) throws -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = try source.value(LogSettings.level(default: defaultLevel))
        return logger
    }
}

extension CommandConfiguration {
    /// A subcommand whose `--help` ends with its settings.
    static func component(
        _ name: String?, abstract: String, discussion: String = "", settings: [SettingDescription]
    ) -> CommandConfiguration {
        let help = SettingsHelp.text(settings)
        return CommandConfiguration(
            commandName: name, abstract: abstract, discussion: discussion.isEmpty ? help : discussion + "\n\n" + help
        )
    }
}
