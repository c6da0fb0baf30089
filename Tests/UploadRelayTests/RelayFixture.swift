import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import FleetTestSupport
import PipelineTestSupport
import Foundation
import InvoicePipeline
import Kafka
import Logging
import UploadRelay

/// A private corner of the local stack for one relay test (see `PrivateStack`): its
/// bucket has a notification to its own queue.
struct RelayFixture {
    let stack: PrivateStack
    var settings: StackSettings { stack.settings }
    var aws: AWSEnvironment { stack.aws }
    var logger: Logger { stack.logger }

    init() throws {
        stack = try PrivateStack(prefix: "r", label: "relay-tests")
    }

    /// Creates the topics, the queue, the bucket and its notification (which puts an
    /// `s3:TestEvent` on the queue) and, if asked, the table.
    func provision(partitions: Int = 3, table: Bool = false) async throws {
        try await stack.createTopics(partitions: partitions)
        let queueURL = try await aws.sqs.createQueue(name: settings.queue, attributes: ["VisibilityTimeout": "30"])
        try await aws.s3.createBucket(settings.bucket)
        try await aws.s3.putBucketNotificationConfiguration(bucket: settings.bucket, queueArn: try await aws.sqs.queueARN(queueURL: queueURL))
        if table { try await stack.createTable() }
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
        return UploadRelay(settings: settings, configuration: config, queue: aws.sqs, producer: producer, logger: logger)
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
    func worker(id: String) throws -> ComponentProcess {
        try stack.worker(id: id, batchSize: 100)
    }

    /// Reads `topic` from the start until `count` records arrived or `timeout` passed.
    func read(_ topic: String, count: Int, timeout: Duration = .seconds(60)) async throws -> [KafkaRecord] {
        try await stack.read(topic, count: count, timeout: timeout)
    }

    /// Deletes the queue (moto slows with many messages) and closes the HTTP client.
    func tearDown() async {
        if let url = try? await queueURL { try? await aws.sqs.deleteQueue(queueURL: url) }
        await aws.shutdown()
    }
}
