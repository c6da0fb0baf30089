import AWSClients
import FleetContracts
import FleetCore
import FleetTestSupport
import Foundation
import InvoiceGenerator
import InvoicePipeline
import Kafka
import Logging

/// A private corner of the local stack for one test: its own topics, bucket, table and
/// consumer group, so tests never see each other's data.
struct PipelineFixture {
    let settings: StackSettings
    let aws: AWSEnvironment
    let logger = LocalStack.logger("pipeline-tests")

    init() throws {
        var s = LocalStack.settings
        let id = LocalStack.uniqueName("t")
        s.uploadsTopic = "\(id)-uploads"
        s.processedTopic = "\(id)-processed"
        s.deadLetterTopic = "\(id)-dlq"
        s.consumerGroup = "\(id)-workers"
        s.bucket = "\(id)-bucket"
        s.table = "\(id)-Invoices"
        settings = s
        aws = try AWSEnvironment(settings: s)
    }

    func provision(partitions: Int = 3) async throws {
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
        try await aws.s3.createBucket(settings.bucket)
        _ = try await aws.dynamo.createTable(StackProvisioner.invoiceTable(named: settings.table))
        try await aws.dynamo.waitUntilActive(settings.table)
    }

    /// Generated invoice files, `brokenShare` of them broken.
    func files(count: Int, brokenShare: Double, seed: UInt64 = 42) -> [GeneratedFile] {
        let generator = InvoiceGenerator(seed: seed, configuration: .init(now: Date(), brokenShare: brokenShare))
        return Array(generator.files(0 ..< count))
    }

    /// Uploads the files to the bucket (8 at a time) and returns their ETags by key.
    func upload(_ files: [GeneratedFile]) async throws -> [String: String] {
        try await withThrowingTaskGroup(of: (String, String).self) { group in
            var eTags: [String: String] = [:]
            var iterator = files.makeIterator()
            func addNext() {
                guard let file = iterator.next() else { return }
                group.addTask { (file.key, try await aws.s3.putObject(bucket: settings.bucket, key: file.key, bytes: file.body)) }
            }
            for _ in 0 ..< 8 { addNext() }
            while let (key, eTag) = try await group.next() {
                eTags[key] = eTag
                addNext()
            }
            return eTags
        }
    }

    /// Produces one ObjectCreated event per key, as the relay would.
    func produceEvents(keys: [String], extra: [KafkaOutgoingMessage] = []) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings.kafkaClient), logger: logger)
        let messages = keys.map { key in
            KafkaOutgoingMessage(
                topic: settings.uploadsTopic, key: "\(settings.bucket)/\(FormDecoding.encode(key))",
                value: S3EventRecord.objectCreatedJSON(bucket: settings.bucket, key: key, size: 0, eTag: "")
            )
        } + extra
        _ = try await producer.sendAll(messages)
        await producer.shutdown()
    }

    /// An in-process worker of the fixture's group.
    func worker(id: String) throws -> InvoiceWorker {
        var config = WorkerConfiguration()
        config.workerID = id
        config.metricsPort = nil
        config.batchSize = 50
        let consumer = try KafkaConsumer(configuration: .init(client: settings.kafkaClient, groupID: settings.consumerGroup), logger: logger)
        let producer = try KafkaProducer(configuration: .init(client: settings.kafkaClient), logger: logger)
        return InvoiceWorker(settings: settings, configuration: config, consumer: consumer, producer: producer,
                             s3: aws.s3, dynamo: aws.dynamo, logger: logger)
    }

    /// Reads `topic` from the start until `count` records arrived or `timeout` passed.
    func read(_ topic: String, count: Int, timeout: Duration = .seconds(90)) async throws -> [KafkaRecord] {
        let consumer = try KafkaConsumer(configuration: .init(client: settings.kafkaClient, groupID: nil), logger: logger)
        let partitions = try await consumer.partitions(of: topic)
        try consumer.assign(partitions.map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaTopicPartitionOffset.beginning) })
        var records: [KafkaRecord] = []
        let deadline = ContinuousClock.now + timeout
        while records.count < count, ContinuousClock.now < deadline {
            records += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(300))
        }
        // A little longer, to catch records beyond the expected count (duplicates, strays).
        records += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(500))
        await consumer.close()
        return records
    }

    func storedItems() async throws -> [DynamoItem] {
        try await aws.dynamo.scanAll(table: settings.table, consistentRead: true)
    }
}
