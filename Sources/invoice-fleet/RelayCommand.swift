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
        try await arguments.runComponent(
            "relay", settings: Self.settings,
            metadata: { ["relay.id": .string(try RelayConfiguration(from: $0).relayID)] }
        ) { source, logger in
            try buildRelay(stack: StackSettings(from: source), configuration: RelayConfiguration(from: source), logger: logger)
        }
    }
}
