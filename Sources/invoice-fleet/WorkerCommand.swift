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
        let source = try arguments.source(known: Self.settings)
        let stack = try StackSettings(from: source)
        let configuration = try WorkerConfiguration(from: source)
        let logger = try ProcessLogging.bootstrap(label: "worker", source: source, metadata: ["worker.id": .string(configuration.workerID)])
        logger.info("settings", metadata: ["in_force": "\(SettingsHelp.inForce(Self.settings, source: source))"])
        let worker = try buildWorker(stack: stack, configuration: configuration, logger: logger)
        try await worker.run()
    }
}
