import AWSClients
import Kafka
import Logging

/// Creates what the pipeline needs, idempotently: the three topics, the bucket, the queue
/// with the bucket's ObjectCreated notification to it, and the `Invoices` table with its
/// `byCustomer` index. Existing resources are left as they are.
public struct StackProvisioner: Sendable {
    public var settings: StackSettings
    public var uploadsPartitions: Int

    public init(settings: StackSettings, uploadsPartitions: Int = 6) {
        self.settings = settings
        self.uploadsPartitions = uploadsPartitions
    }

    /// The `Invoices` table: key `pk` (the access key), index `byCustomer`
    /// (`customerDocument`, `issueDate` in UTC ISO 8601).
    public static func invoiceTable(named name: String) -> DynamoTableDefinition {
        DynamoTableDefinition(
            name: name, partitionKey: .init("pk", .string),
            globalSecondaryIndexes: [
                .init(name: "byCustomer", partitionKey: .init("customerDocument", .string), sortKey: .init("issueDate", .string)),
            ]
        )
    }

    /// Creates the topics. - Returns: the names of those created now.
    @discardableResult
    public func provisionTopics(logger: Logger) async throws -> [String] {
        let admin = try KafkaAdmin(configuration: settings.kafkaClient, logger: logger)
        return try await admin.createTopics([
            .init(name: settings.uploadsTopic, partitions: uploadsPartitions),
            .init(name: settings.processedTopic, partitions: uploadsPartitions),
            .init(name: settings.deadLetterTopic, partitions: 1),
        ])
    }

    /// Creates bucket, queue, notification and table, and waits until the table is active.
    public func provisionAWS(_ aws: AWSEnvironment) async throws {
        try await aws.s3.createBucket(settings.bucket)
        let queueURL = try await aws.sqs.createQueue(name: settings.queue, attributes: ["VisibilityTimeout": "60"])
        let queueARN = try await aws.sqs.queueARN(queueURL: queueURL)
        // Real S3 checks that it may send to the queue before it accepts the notification.
        try await aws.sqs.setQueueAttributes(queueURL: queueURL, attributes: ["Policy": Self.queuePolicy(queueARN: queueARN, bucket: settings.bucket)])
        try await aws.s3.putBucketNotificationConfiguration(bucket: settings.bucket, queueArn: queueARN)
        _ = try await aws.dynamo.createTable(Self.invoiceTable(named: settings.table))
        try await aws.dynamo.waitUntilActive(settings.table)
    }

    /// The queue policy that lets the bucket (and only it) send its event notifications.
    static func queuePolicy(queueARN: String, bucket: String) -> String {
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"BucketNotifications","Effect":"Allow",\
        "Principal":{"Service":"s3.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"\(queueARN)",\
        "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::\(bucket)"}}}]}
        """
    }
}
