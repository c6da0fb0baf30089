import ArgumentParser
import FleetSettings
import Logging
import UploadRelay

/// `invoice-fleet relay`: moves S3 notifications from the queue to `invoice-uploads`,
/// until SIGTERM or SIGINT.
struct RelayCommand: AsyncParsableCommand {
    static let settings = RelayConfiguration.settings + StackSettings.settings + [LogSettings.level().description]
    static let configuration = CommandConfiguration.component(
        "relay", abstract: "Long-poll the uploads queue; produce each S3 event record to invoice-uploads; delete after the broker's ack.",
        settings: settings
    )

    @OptionGroup var arguments: SettingsArguments

    func run() async throws {
        let source = try arguments.source(known: Self.settings)
        let stack = try StackSettings(from: source)
        let configuration = try RelayConfiguration(from: source)
        let logger = try ProcessLogging.bootstrap(label: "relay", source: source, metadata: ["relay.id": .string(configuration.relayID)])
        logger.info("settings", metadata: ["in_force": "\(SettingsHelp.inForce(Self.settings, source: source))"])
        let relay = try buildRelay(stack: stack, configuration: configuration, logger: logger)
        try await relay.run()
    }
}
