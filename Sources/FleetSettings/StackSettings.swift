/// Where the fleet's shared resources live: the broker, the topics and the AWS side.
///
/// Every component reads these from the same variables (README, "Configuration"), so the
/// local stack, the tests and production differ only in environment. Defaults match the
/// local stack started by `compose/stack up`.
package struct StackSettings: Sendable, Equatable {
    /// Kafka bootstrap servers. Default: `127.0.0.1:9092`.
    package var kafkaBrokers: String
    package var uploadsTopic: String
    package var processedTopic: String
    package var deadLetterTopic: String
    package var consumerGroup: String
    /// Raw librdkafka properties for every client (TLS, SASL, `debug`), applied last.
    package var kafkaProperties: [String: String]
    /// `nil` means the real AWS endpoints.
    package var awsEndpoint: String?
    package var awsRegion: String
    /// HTTP connections kept per AWS endpoint host. Default: 64.
    package var awsMaxConnections: Int
    package var bucket: String
    package var queue: String
    package var table: String

    /// The local stack's settings: every default.
    package init() {
        // The defaults of the settings cannot fail to read.
        self = try! StackSettings(from: .defaults)
    }

    /// - Throws: `SettingsError` naming the first setting given in a form it does not accept.
    package init(from source: SettingsSource) throws(SettingsError) {
        kafkaBrokers = try source.value(Self.kafkaBrokersSetting)
        uploadsTopic = try source.value(Self.uploadsTopicSetting)
        processedTopic = try source.value(Self.processedTopicSetting)
        deadLetterTopic = try source.value(Self.deadLetterTopicSetting)
        consumerGroup = try source.value(Self.consumerGroupSetting)
        kafkaProperties = try source.value(Self.kafkaPropertiesSetting)
        let endpoint = try source.value(Self.awsEndpointSetting)
        awsEndpoint = endpoint == "aws" ? nil : endpoint
        // The SDKs' two names for the region; AWS_REGION wins.
        let region = try source.value(Self.awsRegionSetting)
        awsRegion = source.isGiven(Self.awsRegionSetting.description)
            ? region : try source.value(Self.awsDefaultRegionSetting)
        awsMaxConnections = try source.value(Self.awsMaxConnectionsSetting)
        bucket = try source.value(Self.bucketSetting)
        queue = try source.value(Self.queueSetting)
        table = try source.value(Self.tableSetting)
    }

    // MARK: - Settings

    package static let kafkaBrokersSetting = Setting<String>.text(
        "KAFKA_BROKERS", flag: "brokers", default: "127.0.0.1:9092", help: "Kafka bootstrap servers, host:port[,host:port…].")
    package static let uploadsTopicSetting = Setting<String>.text(
        "KAFKA_UPLOADS_TOPIC", flag: "uploads-topic", default: "invoice-uploads", help: "Topic of S3 event records.")
    package static let processedTopicSetting = Setting<String>.text(
        "KAFKA_PROCESSED_TOPIC", flag: "processed-topic", default: "invoices.processed", help: "Topic of stored-invoice results.")
    package static let deadLetterTopicSetting = Setting<String>.text(
        "KAFKA_DLQ_TOPIC", flag: "dlq-topic", default: "invoices.dlq", help: "Dead-letter topic.")
    package static let consumerGroupSetting = Setting<String>.text(
        "KAFKA_CONSUMER_GROUP", flag: "consumer-group", default: "invoice-workers", help: "Consumer group of the workers.")
    /// Secret: SASL passwords travel here.
    package static let kafkaPropertiesSetting = Setting<[String: String]>(
        "KAFKA_PROPERTIES", flag: "kafka-properties",
        help: "Raw librdkafka properties for every client (TLS, SASL, debug), name=value separated by commas or newlines.",
        expected: "name=value pairs separated by commas or newlines", default: [:], defaultText: "none", isSecret: true,
        parse: StackSettings.properties
    )
    package static let awsEndpointSetting = Setting<String?>(
        "AWS_ENDPOINT_URL", flag: "aws-endpoint", help: "AWS endpoint override; 'aws' for the real AWS endpoints.",
        expected: "an http(s) URL, or aws", default: "http://127.0.0.1:5000", defaultText: "http://127.0.0.1:5000",
        parse: { text in
            if text == "aws" { return .some(nil) }
            return text.hasPrefix("http://") || text.hasPrefix("https://") ? text : nil
        }
    )
    package static let awsRegionSetting = Setting<String>.text(
        "AWS_REGION", flag: "region", default: "us-east-1", help: "AWS region (AWS_DEFAULT_REGION is read too).")
    /// AsyncHTTPClient's own default (8) would queue most of a worker's 32 fetches and 16
    /// writes behind one another.
    package static let awsMaxConnectionsSetting = Setting<Int>.integer(
        "AWS_MAX_CONNECTIONS", flag: "aws-max-connections", default: 64, in: 1 ... 4096,
        help: "HTTP connections kept open per AWS endpoint host; at least the worker's fetch plus write concurrency.")
    static let awsDefaultRegionSetting = Setting<String>.text(
        "AWS_DEFAULT_REGION", flag: "default-region", default: "us-east-1", help: "AWS region when AWS_REGION is unset.")
    package static let bucketSetting = Setting<String>.text(
        "INVOICE_BUCKET", flag: "bucket", default: "invoices", help: "S3 bucket of the invoice files.")
    package static let queueSetting = Setting<String>.text(
        "INVOICE_QUEUE", flag: "queue", default: "invoice-uploads", help: "SQS queue of the bucket's notifications.")
    package static let tableSetting = Setting<String>.text(
        "INVOICE_TABLE", flag: "table", default: "Invoices", help: "DynamoDB table of stored invoices.")

    /// Every stack setting, in the order help lists them.
    package static let settings: [SettingDescription] = [
        kafkaBrokersSetting.description, uploadsTopicSetting.description, processedTopicSetting.description,
        deadLetterTopicSetting.description, consumerGroupSetting.description, kafkaPropertiesSetting.description,
        awsEndpointSetting.description, awsRegionSetting.description, awsMaxConnectionsSetting.description, bucketSetting.description,
        queueSetting.description, tableSetting.description,
    ]

    /// Parses `name=value` pairs separated by commas or newlines; a value may contain `=`.
    /// - Returns: `nil` when a pair has no `=` or no name.
    static func properties(_ text: String) -> [String: String]? {
        var properties: [String: String] = [:]
        for pair in text.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            guard let equals = pair.firstIndex(of: "=") else { return nil }
            let name = String(pair[..<equals]).trimmedOfWhitespace
            guard !name.isEmpty else { return nil }
            properties[name] = String(pair[pair.index(after: equals)...]).trimmedOfWhitespace
        }
        return properties
    }
}
