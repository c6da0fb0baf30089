import ArgumentParser

/// `invoice-fleet`: one executable, one subcommand per component.
@main
struct InvoiceFleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoice-fleet",
        abstract: "Invoice ingestion fleet: S3 → SQS → relay → Kafka → workers → DynamoDB.",
        discussion: "Every setting is a flag and an environment variable of the same meaning: see each command's --help and the README.",
        subcommands: [
            SetupCommand.self,
            DeadLetterCommand.self,
            ReconcileCommand.self,
            LagCommand.self,
            WorkerCommand.self,
            RelayCommand.self,
            LoadTestCommand.self,
            ApiCommand.self,
        ]
    )
}
