import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import Foundation
import Kafka
import Logging

/// A private corner of the local stack for one test: its own topics, consumer group,
/// bucket, queue and table (names unique to the test), so that tests never see each
/// other's data. The test fixtures of each module build on it.
package struct PrivateStack: Sendable {
    package let settings: StackSettings
    package let aws: AWSEnvironment
    package let logger: Logger

    /// - Parameters:
    ///   - prefix: Starts every resource name, to tell the modules' tests apart in logs.
    ///   - label: The logger's label.
    package init(prefix: String, label: String) throws {
        var s = LocalStack.settings
        let id = LocalStack.uniqueName(prefix)
        s.uploadsTopic = "\(id)-uploads"
        s.processedTopic = "\(id)-processed"
        s.deadLetterTopic = "\(id)-dlq"
        s.consumerGroup = "\(id)-workers"
        s.bucket = "\(id)-bucket"
        s.queue = "\(id)-queue"
        s.table = "\(id)-Invoices"
        settings = s
        aws = try AWSEnvironment(settings: s)
        logger = LocalStack.logger(label)
    }

    // MARK: - Provisioning

    /// Creates the uploads and processed topics with `partitions` partitions and the
    /// dead-letter topic with one, and waits until the broker knows all three.
    package func createTopics(partitions: Int) async throws {
        let admin = try KafkaAdmin(configuration: settings.kafkaClient, logger: logger)
        try await admin.createTopics([
            .init(name: settings.uploadsTopic, partitions: partitions),
            .init(name: settings.processedTopic, partitions: partitions),
            .init(name: settings.deadLetterTopic, partitions: 1),
        ])
        for topic in [settings.uploadsTopic, settings.processedTopic, settings.deadLetterTopic] {
            for _ in 0 ..< 50 where (try? await admin.partitions(of: topic)) == nil {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Creates the `Invoices`-shaped table and waits until it is active.
    package func createTable() async throws {
        _ = try await aws.dynamo.createTable(InvoiceTable.definition(named: settings.table))
        try await aws.dynamo.waitUntilActive(settings.table)
    }

    // MARK: - Kafka

    /// The ObjectCreated event the relay would produce for `key`.
    package func objectCreatedEvent(key: String, eTag: String = "", eventTime: Date = Date()) -> KafkaOutgoingMessage {
        KafkaOutgoingMessage(
            topic: settings.uploadsTopic, key: "\(settings.bucket)/\(FormDecoding.encode(key))",
            value: S3EventRecord.objectCreatedJSON(bucket: settings.bucket, key: key, size: 0, eTag: eTag, eventTime: eventTime)
        )
    }

    /// Produces `messages` and waits for the broker's acknowledgements.
    package func produce(_ messages: [KafkaOutgoingMessage]) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings.kafkaClient), logger: logger)
        _ = try await producer.sendAll(messages)
        await producer.shutdown()
    }

    /// Reads `topic` from the start until `count` records arrived or `timeout` passed,
    /// then `linger` longer, to catch records beyond the count (duplicates, strays).
    package func read(
        _ topic: String, count: Int, timeout: Duration = .seconds(60), linger: Duration = .milliseconds(500)
    ) async throws -> [KafkaRecord] {
        let consumer = try KafkaConsumer(configuration: .init(client: settings.kafkaClient, groupID: nil), logger: logger)
        let partitions = try await consumer.partitions(of: topic)
        try consumer.assign(partitions.map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaTopicPartitionOffset.beginning) })
        var records: [KafkaRecord] = []
        let deadline = ContinuousClock.now + timeout
        while records.count < count, ContinuousClock.now < deadline {
            records += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(300))
        }
        if linger > .zero { records += try await consumer.poll(maxMessages: 500, timeout: linger) }
        await consumer.close()
        return records
    }
}
