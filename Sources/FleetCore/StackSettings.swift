import Foundation

/// Where the fleet's shared resources live: the broker, the topics and the AWS side.
///
/// Every component reads these from the same environment variables (documented in the
/// README), so the local stack, the tests and production differ only in environment.
/// Defaults match the local stack started by `compose/stack up`.
public struct StackSettings: Sendable, Equatable {
    /// Kafka bootstrap servers. Env `KAFKA_BROKERS`. Default: `127.0.0.1:9092`.
    public var kafkaBrokers: String = "127.0.0.1:9092"
    /// Env `KAFKA_UPLOADS_TOPIC`. Default: `invoice-uploads`.
    public var uploadsTopic: String = "invoice-uploads"
    /// Env `KAFKA_PROCESSED_TOPIC`. Default: `invoices.processed`.
    public var processedTopic: String = "invoices.processed"
    /// Env `KAFKA_DLQ_TOPIC`. Default: `invoices.dlq`.
    public var deadLetterTopic: String = "invoices.dlq"
    /// Env `KAFKA_CONSUMER_GROUP`. Default: `invoice-workers`.
    public var consumerGroup: String = "invoice-workers"
    /// Raw librdkafka properties for every client (TLS, SASL, `debug`), applied last.
    /// Env `KAFKA_PROPERTIES`: `name=value` pairs separated by commas or newlines.
    /// Default: none.
    public var kafkaProperties: [String: String] = [:]

    /// Env `AWS_ENDPOINT_URL`; `nil` means the real AWS endpoints. Default (local stack): `http://127.0.0.1:5000`.
    public var awsEndpoint: String? = "http://127.0.0.1:5000"
    /// Env `AWS_REGION` (or `AWS_DEFAULT_REGION`). Default: `us-east-1`.
    public var awsRegion: String = "us-east-1"
    /// Env `INVOICE_BUCKET`. Default: `invoices`.
    public var bucket: String = "invoices"
    /// Env `INVOICE_QUEUE`. Default: `invoice-uploads`.
    public var queue: String = "invoice-uploads"
    /// Env `INVOICE_TABLE`. Default: `Invoices`.
    public var table: String = "Invoices"

    public init() {}

    /// Reads every setting from `environment`, keeping the default where a variable is unset.
    /// `AWS_ENDPOINT_URL=aws` selects the real AWS endpoints.
    public init(environment: [String: String]) {
        let env = EnvironmentReader(environment)
        kafkaBrokers = env.string("KAFKA_BROKERS", default: kafkaBrokers)
        uploadsTopic = env.string("KAFKA_UPLOADS_TOPIC", default: uploadsTopic)
        processedTopic = env.string("KAFKA_PROCESSED_TOPIC", default: processedTopic)
        deadLetterTopic = env.string("KAFKA_DLQ_TOPIC", default: deadLetterTopic)
        consumerGroup = env.string("KAFKA_CONSUMER_GROUP", default: consumerGroup)
        kafkaProperties = Self.properties(env.string("KAFKA_PROPERTIES", default: ""))
        let endpoint = env.string("AWS_ENDPOINT_URL", default: awsEndpoint ?? "aws")
        awsEndpoint = endpoint == "aws" || endpoint.isEmpty ? nil : endpoint
        awsRegion = env.string("AWS_REGION", default: env.string("AWS_DEFAULT_REGION", default: awsRegion))
        bucket = env.string("INVOICE_BUCKET", default: bucket)
        queue = env.string("INVOICE_QUEUE", default: queue)
        table = env.string("INVOICE_TABLE", default: table)
    }

    /// Parses `name=value` pairs separated by commas or newlines; a value may contain `=`.
    static func properties(_ text: String) -> [String: String] {
        var properties: [String: String] = [:]
        for pair in text.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            properties[name] = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return properties
    }
}
