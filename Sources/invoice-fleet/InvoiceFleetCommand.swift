import ArgumentParser

/// `invoice-fleet`: one executable, one subcommand per component.
@main
struct InvoiceFleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoice-fleet",
        abstract: "Invoice ingestion fleet: S3 → SQS → relay → Kafka → workers → DynamoDB.",
        discussion: "Every option also reads an environment variable of the same meaning (see the README).",
        subcommands: [
            SetupCommand.self,
            DeadLetterCommand.self,
            ReconcileCommand.self,
            WorkerCommand.self,
            BenchmarkCommand.self,
            RelayCommand.self,
            LoadTestCommand.self,
            ApiCommand.self,
        ]
    )
}
