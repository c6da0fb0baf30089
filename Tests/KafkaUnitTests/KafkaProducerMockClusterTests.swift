import Kafka
import Testing

/// Producing through librdkafka's mock cluster: the happy path and injected broker failures.
@Suite(.timeLimit(.minutes(1)))
struct KafkaProducerMockClusterTests {
    @Test func recordsProducedAreConsumedWithTheirKeysHeadersAndPartitions() async throws {
        let fixture = try MockClusterFixture()
        let topic = uniqueTopic("round-trip")
        try fixture.cluster.createTopic(topic, partitions: 3)
        let producer = try fixture.producer()
        let messages = (0 ..< 30).map { n in
            KafkaOutgoingMessage(
                topic: topic, key: "key-\(n % 5)", value: Array("value-\(n)".utf8), headers: [KafkaHeader("n", "\(n)")]
            )
        }
        let reports = try await withHangGuard(.seconds(20), "send") { try await producer.sendAll(messages) }
        #expect(reports.count == messages.count)

        let consumer = try fixture.consumer(group: nil)
        try consumer.assign((0 ..< 3).map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaTopicPartitionOffset.beginning) })
        let records = try await fixture.drain(consumer, count: messages.count)

        #expect(records.count == messages.count)
        let byValue = Dictionary(grouping: records, by: \.value)
        for (message, report) in zip(messages, reports) {
            let found = byValue[message.value] ?? []
            #expect(found.count == 1, "\(message.value) arrived \(found.count) times")
            guard let record = found.first else { continue }
            #expect(record.key == message.key)
            #expect(record.headers == message.headers)
            #expect(record.partition == report.partition && record.offset == report.offset)
        }
        // The partitioner keeps a key on one partition.
        let partitionsByKey = Dictionary(grouping: records, by: \.keyString).mapValues { Set($0.map(\.partition)) }
        #expect(partitionsByKey.values.allSatisfy { $0.count == 1 })
        await consumer.close()
        await producer.shutdown()
    }

    @Test func retriableProduceErrorsAreRetriedWithoutLossOrDuplicates() async throws {
        let fixture = try MockClusterFixture()
        let topic = uniqueTopic("retried")
        try fixture.cluster.createTopic(topic, partitions: 1, replicationFactor: 3)
        let producer = try fixture.producer()
        // Warm up: the producer has its producer ID and metadata before errors start.
        _ = try await withHangGuard(.seconds(20), "first send") {
            try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: Array("warm-up".utf8)))
        }

        fixture.cluster.failNextRequests(.produce, with: [
            .notLeaderForPartition, .notEnoughReplicas, .requestTimedOut, .notEnoughReplicas, .leaderNotAvailable,
        ])
        let messages = (0 ..< 50).map { KafkaOutgoingMessage(topic: topic, key: "k", value: Array("m\($0)".utf8)) }
        let results = try await withHangGuard(.seconds(30), "send through errors") { try await producer.send(messages) }
        for case let .failure(error) in results { Issue.record("not delivered: \(error)") }

        let consumer = try fixture.consumer(group: nil)
        try consumer.assign([KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: KafkaTopicPartitionOffset.beginning)])
        let records = try await fixture.drain(consumer, count: messages.count + 1)
        // Exactly once and in order: the warm-up record, then every message once.
        #expect(records.map(\.value) == [Array("warm-up".utf8)] + messages.map(\.value))
        #expect(records.map(\.offset) == Array(0 ... Int64(messages.count)))
        await consumer.close()
        await producer.shutdown()
    }

    @Test func aRecordThatCannotBeDeliveredFailsWithARetriableTimeout() async throws {
        let fixture = try MockClusterFixture(brokers: 1)
        let (topic, producer) = try await fixture.producerThatDelivered(topic: "undeliverable", deliveryTimeout: .seconds(1))

        try fixture.cluster.setBrokerDown(1)
        let results = try await withHangGuard(.seconds(20), "send to a stopped broker") {
            try await producer.send([KafkaOutgoingMessage(topic: topic, key: "k", value: [2])])
        }
        guard case let .failure(error)? = results.first else {
            Issue.record("expected a delivery failure, got \(results)")
            return
        }
        #expect(error.code == .messageTimedOut, "\(error)")
        #expect(error.isRetriable)
        #expect(!error.isFatal)
        await producer.shutdown(timeout: .milliseconds(100))
    }

    @Test func cancellingASendReturnsPromptlyAndTheRecordMayStillBeDelivered() async throws {
        let fixture = try MockClusterFixture(brokers: 1)
        // Long enough that only cancellation can end the wait within the hang guard.
        let (topic, producer) = try await fixture.producerThatDelivered(topic: "cancelled", deliveryTimeout: .seconds(45))

        try fixture.cluster.setBrokerDown(1)
        let sending = Task { try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [2])) }
        // Cancel once the record is in librdkafka's hands, so that the wait for its report is what is cancelled.
        try await withHangGuard(.seconds(10), "enqueue") {
            while producer.unacknowledgedCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        sending.cancel()
        let outcome = try await withHangGuard(.seconds(10), "cancelled send") { await sending.result }
        guard case let .failure(error as KafkaError) = outcome else {
            Issue.record("expected a KafkaError, got \(outcome)")
            return
        }
        #expect(error.code == .cancelled, "\(error)")

        // The record was not recalled: once the broker is back it is delivered, and its late
        // report must not resume the cancelled call a second time (that would crash).
        try fixture.cluster.setBrokerUp(1)
        try await withHangGuard(.seconds(30), "flush") { try await producer.flush(timeout: .seconds(25)) }
        let consumer = try fixture.consumer(group: nil)
        let (_, high) = try await consumer.watermarks(topic: topic, partition: 0)
        #expect(high == 2)
        await consumer.close()
        await producer.shutdown()
    }

    @Test func aTaskCancelledBeforeSendingProducesNothing() async throws {
        let fixture = try MockClusterFixture(brokers: 1)
        let topic = uniqueTopic("cancelled-early")
        try fixture.cluster.createTopic(topic, partitions: 1)
        let producer = try fixture.producer()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [1]))
        }
        let outcome = await task.result
        guard case let .failure(error as KafkaError) = outcome else {
            Issue.record("expected a KafkaError, got \(outcome)")
            return
        }
        #expect(error.code == .cancelled)
        #expect(producer.unacknowledgedCount == 0)
        await producer.shutdown()
    }
}
