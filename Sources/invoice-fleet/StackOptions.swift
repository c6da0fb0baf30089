import ArgumentParser
import FleetCore

/// Where the shared resources are. Each option defaults to its environment variable,
/// and that to the local stack.
struct StackOptions: ParsableArguments {
    @Option(name: .customLong("brokers"), help: "Kafka bootstrap servers (env KAFKA_BROKERS).")
    var kafkaBrokers: String?

    @Option(name: .customLong("aws-endpoint"), help: "AWS endpoint override, or 'aws' for the real endpoints (env AWS_ENDPOINT_URL).")
    var awsEndpoint: String?

    @Option(name: .customLong("region"), help: "AWS region (env AWS_REGION).")
    var awsRegion: String?

    @Option(help: "S3 bucket of the invoice files (env INVOICE_BUCKET).")
    var bucket: String?

    @Option(help: "SQS queue of the bucket's notifications (env INVOICE_QUEUE).")
    var queue: String?

    @Option(help: "DynamoDB table of stored invoices (env INVOICE_TABLE).")
    var table: String?

    /// The environment's settings with the given options on top.
    var settings: StackSettings {
        var s = StackSettings.fromEnvironment()
        if let kafkaBrokers { s.kafkaBrokers = kafkaBrokers }
        if let awsEndpoint { s.awsEndpoint = awsEndpoint == "aws" ? nil : awsEndpoint }
        if let awsRegion { s.awsRegion = awsRegion }
        if let bucket { s.bucket = bucket }
        if let queue { s.queue = queue }
        if let table { s.table = table }
        return s
    }
}
