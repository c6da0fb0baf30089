import ArgumentParser
import FleetSettings
import InvoicePipeline
import Logging

/// `invoice-fleet worker`: one member of the consumer group, until SIGTERM or SIGINT.
struct WorkerCommand: AsyncParsableCommand {
    static let settings = WorkerConfiguration.settings + StackSettings.settings + [LogSettings.level().description]
    static let configuration = CommandConfiguration.component(
        "worker", abstract: "Consume invoice-uploads: fetch, validate and store invoices; publish results and dead letters.",
        settings: settings
    )

    @OptionGroup var arguments: SettingsArguments

    func run() async throws {
        try await arguments.runComponent(
            "worker", settings: Self.settings,
            metadata: { ["worker.id": .string(try WorkerConfiguration(from: $0).workerID)] }
        ) { source, logger in
            try buildWorker(stack: StackSettings(from: source), configuration: WorkerConfiguration(from: source), logger: logger)
        }
    }
}
