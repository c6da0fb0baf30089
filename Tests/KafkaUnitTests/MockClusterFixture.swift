import Kafka
import Logging
import Testing

/// A mock cluster and clients pointed at it, for one test.
struct MockClusterFixture {
    let logger: Logger
    let cluster: KafkaMockCluster

    init(brokers: Int = 3, label: String = "kafka-unit-tests") throws {
        var logger = Logger(label: label)
        // librdkafka logs every refused connection; the tests that stop brokers cause many.
        logger.logLevel = .error
        self.logger = logger
        cluster = try KafkaMockCluster(brokers: brokers, logger: logger)
    }

    var client: KafkaClientConfiguration {
        var client = KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers)
        client.requestTimeout = .seconds(5)
        return client
    }

    func producer(deliveryTimeout: Duration = .seconds(10), configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.deliveryTimeout = deliveryTimeout
        configuration.flushTimeout = .seconds(2)
        // Retries after injected errors come quickly.
        configuration.client.properties["retry.backoff.ms"] = "20"
        configure(&configuration)
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// A fresh one-partition topic and a producer that has delivered one record to it, so
    /// that it has its producer id and metadata before the test breaks something.
    func producerThatDelivered(
        topic prefix: String, deliveryTimeout: Duration = .seconds(10), warmUp: [UInt8] = [1]
    ) async throws -> (topic: String, producer: KafkaProducer) {
        let topic = uniqueTopic(prefix)
        try cluster.createTopic(topic, partitions: 1)
        let producer = try producer(deliveryTimeout: deliveryTimeout)
        _ = try await withHangGuard(.seconds(20), "first send") {
            try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: warmUp))
        }
        return (topic, producer)
    }

    func consumer(group: String?, configure: (inout KafkaConsumerConfiguration) -> Void = { _ in }) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(client: client, groupID: group)
        configure(&configuration)
        return try KafkaConsumer(configuration: configuration, logger: logger)
    }

    /// Polls until `count` records arrived; the hang guard bounds the wait.
    func drain(_ consumer: KafkaConsumer, count: Int, limit: Duration = .seconds(20)) async throws -> [KafkaRecord] {
        try await withHangGuard(limit, "waiting for \(count) records") {
            var records: [KafkaRecord] = []
            while records.count < count {
                records += try await consumer.poll(maxMessages: 100, timeout: .milliseconds(200))
            }
            return records
        }
    }
}

/// An operation outlived its hang guard.
struct HangGuardExpired: Error, CustomStringConvertible {
    let what: String
    let limit: Duration
    var description: String { "\(what) did not finish within \(limit)" }
}

/// Runs `operation`, throwing instead of hanging the suite if it takes longer than `limit`.
///
/// The limits are generous: they exist to turn a hang into a failure, never to measure speed.
func withHangGuard<T: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard case let value?? = try await group.next() else { throw HangGuardExpired(what: what, limit: limit) }
        return value
    }
}

/// A name no other test uses, so that tests sharing nothing can run in parallel.
func uniqueTopic(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0 ... .max))"
}
