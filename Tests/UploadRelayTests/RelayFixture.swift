import AWSClients
import FleetContracts
import FleetCore
import FleetTestSupport
import Foundation
import InvoicePipeline
import Kafka
import Logging
import UploadRelay

/// A private corner of the local stack for one test: its own bucket with a notification
/// to its own queue, its own topics, table and consumer group.
struct RelayFixture {
    let settings: StackSettings
    let aws: AWSEnvironment
    let logger = LocalStack.logger("relay-tests")

    init() throws {
        var s = LocalStack.settings
        let id = LocalStack.uniqueName("r")
        s.uploadsTopic = "\(id)-uploads"
        s.processedTopic = "\(id)-processed"
        s.deadLetterTopic = "\(id)-dlq"
        s.consumerGroup = "\(id)-workers"
        s.bucket = "\(id)-bucket"
        s.queue = "\(id)-queue"
        s.table = "\(id)-Invoices"
        settings = s
        aws = try AWSEnvironment(settings: s)
    }

    /// Creates the topics, the queue, the bucket and its notification (which puts an
    /// `s3:TestEvent` on the queue) and, if asked, the table.
    func provision(partitions: Int = 3, table: Bool = false) async throws {
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
        let queueURL = try await aws.sqs.createQueue(name: settings.queue, attributes: ["VisibilityTimeout": "30"])
        try await aws.s3.createBucket(settings.bucket)
        try await aws.s3.putBucketNotificationConfiguration(bucket: settings.bucket, queueArn: try await aws.sqs.queueARN(queueURL: queueURL))
        if table {
            _ = try await aws.dynamo.createTable(StackProvisioner.invoiceTable(named: settings.table))
            try await aws.dynamo.waitUntilActive(settings.table)
        }
    }

    var queueURL: String {
        get async throws { try await aws.sqs.getQueueURL(name: settings.queue) }
    }

    /// Messages in the queue, visible or in flight.
    func queueDepth() async throws -> Int {
        let attributes = try await aws.sqs.getQueueAttributes(
            queueURL: try await queueURL, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )
        return (Int(attributes["ApproximateNumberOfMessages"] ?? "0") ?? 0) + (Int(attributes["ApproximateNumberOfMessagesNotVisible"] ?? "0") ?? 0)
    }

    func send(_ body: String) async throws {
        try await aws.sqs.sendMessage(queueURL: try await queueURL, body: body)
    }

    /// A relay of this fixture with short polls, its own producer, no metrics port.
    func relay(visibilityTimeout: Int = 30, id: String = "relay-test") throws -> UploadRelay {
        var config = RelayConfiguration()
        config.relayID = id
        config.waitTimeSeconds = 1
        config.pollers = 2
        config.visibilityTimeoutSeconds = visibilityTimeout
        config.metricsPort = nil
        config.reportInterval = .seconds(1)
        var producerConfig = KafkaProducerConfiguration(client: settings.kafkaClient)
        producerConfig.deliveryTimeout = config.producerDeliveryTimeout
        let producer = try KafkaProducer(configuration: producerConfig, logger: logger)
        return UploadRelay(settings: settings, configuration: config, sqs: aws.sqs, producer: producer, logger: logger)
    }

    /// Runs relay cycles until the queue looks drained: two empty receives in a row.
    @discardableResult
    func drain(_ relay: UploadRelay, timeout: Duration = .seconds(60)) async throws -> RelayCycleOutcome {
        var total = RelayCycleOutcome()
        var empty = 0
        let deadline = ContinuousClock.now + timeout
        while empty < 2, ContinuousClock.now < deadline {
            let outcome = try await relay.relayCycle()
            empty = outcome.received == 0 ? empty + 1 : 0
            total.received += outcome.received
            total.relayed += outcome.relayed
            total.deadLettered += outcome.deadLettered
            total.testEvents += outcome.testEvents
            total.deleted += outcome.deleted
            total.abandoned += outcome.abandoned
        }
        return total
    }

    /// An in-process worker of the fixture's group.
    func worker(id: String) throws -> InvoiceWorker {
        var config = WorkerConfiguration()
        config.workerID = id
        config.metricsPort = nil
        config.batchSize = 100
        let consumer = try KafkaConsumer(configuration: .init(client: settings.kafkaClient, groupID: settings.consumerGroup), logger: logger)
        let producer = try KafkaProducer(configuration: .init(client: settings.kafkaClient), logger: logger)
        return InvoiceWorker(settings: settings, configuration: config, consumer: consumer, producer: producer,
                             s3: aws.s3, dynamo: aws.dynamo, logger: logger)
    }

    /// Reads `topic` from the start until `count` records arrived or `timeout` passed,
    /// then a little longer to catch records beyond the count.
    func read(_ topic: String, count: Int, timeout: Duration = .seconds(60)) async throws -> [KafkaRecord] {
        let consumer = try KafkaConsumer(configuration: .init(client: settings.kafkaClient, groupID: nil), logger: logger)
        let partitions = try await consumer.partitions(of: topic)
        try consumer.assign(partitions.map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaTopicPartitionOffset.beginning) })
        var records: [KafkaRecord] = []
        let deadline = ContinuousClock.now + timeout
        while records.count < count, ContinuousClock.now < deadline {
            records += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(300))
        }
        records += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(500))
        await consumer.close()
        return records
    }

    /// Deletes the queue (moto slows with many messages) and closes the HTTP client.
    func tearDown() async {
        if let url = try? await queueURL { try? await aws.sqs.deleteQueue(queueURL: url) }
        await aws.shutdown()
    }
}
