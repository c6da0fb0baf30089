import Kafka
import Testing

/// A producer whose librdkafka handle dies of a fatal error (as when the broker fences an
/// idempotent producer) replaces it and goes on sending: the wedge of "retried for ever on
/// a dead handle" must not come back.
@Suite(.timeLimit(.minutes(1)))
struct KafkaProducerFatalErrorTests {
    @Test func afterAFatalErrorTheProducerReplacesItsHandleAndTheNextSendDelivers() async throws {
        let fixture = try MockClusterFixture()
        let (topic, producer) = try await fixture.producerThatDelivered(topic: "fatal", warmUp: Array("before".utf8))
        #expect(producer.handleGeneration == 1)

        producer.simulateFatalError("fenced by the chaos test")
        // A send either meets the dead handle, and fails fatally naming the cause, or
        // finds it already replaced (librdkafka's error callback comes within
        // milliseconds); either way a retry on the same producer delivers.
        var failures: [KafkaError] = []
        var delivered: KafkaDeliveryReport?
        for _ in 0 ..< 50 where delivered == nil {
            do {
                delivered = try await withHangGuard(.seconds(20), "send after the fatal error") {
                    try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: Array("after".utf8)))
                }
            } catch let error as KafkaError {
                failures.append(error)
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(failures.count <= 1, "\(failures)")
        for failure in failures {
            #expect(failure.isFatal && failure.code == .producerFenced, "\(failure)")
        }
        #expect(delivered != nil)
        #expect(producer.handleGeneration == 2)

        let consumer = try fixture.consumer(group: nil)
        try consumer.assign([KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: KafkaTopicPartitionOffset.beginning)])
        let records = try await fixture.drain(consumer, count: 2)
        #expect(records.map { String(decoding: $0.value, as: UTF8.self) }.contains("after"))
        await consumer.close()
        await producer.shutdown()
    }

    @Test func aProducerWithNoSendInFlightIsReplacedAsSoonAsLibrdkafkaReportsTheFatalError() async throws {
        let fixture = try MockClusterFixture()
        let (topic, producer) = try await fixture.producerThatDelivered(topic: "fatal-idle", warmUp: Array("before".utf8))
        producer.simulateFatalError("fenced while idle")
        try await withHangGuard(.seconds(10), "replacement") {
            while producer.handleGeneration == 1 { try await Task.sleep(for: .milliseconds(20)) }
        }
        let report = try await withHangGuard(.seconds(20), "send on the new handle") {
            try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [2]))
        }
        #expect(report.topic == topic)
        await producer.shutdown()
        withExtendedLifetime(fixture) {} // the mock cluster lives as long as the fixture
    }

    @Test func aBrokerThatFencesTheProducerGetsANewProducerAndEveryRecordIsDelivered() async throws {
        let fixture = try MockClusterFixture()
        let (topic, producer) = try await fixture.producerThatDelivered(topic: "fenced", warmUp: Array("before".utf8))
        // What a broker frozen past the producer's timeouts answered: this producer id is
        // fenced, for this and every later request of the old handle.
        fixture.cluster.failNextRequests(.produce, with: Array(repeating: .producerFenced, count: 3))
        var pending = (1 ... 5).map { KafkaOutgoingMessage(topic: topic, key: "k", value: [UInt8($0)]) }
        var attempts = 0
        while !pending.isEmpty, attempts < 20 {
            attempts += 1
            let batch = pending
            let results = (try? await withHangGuard(.seconds(20), "send through the fencing") { try await producer.send(batch) })
                ?? pending.map { _ in .failure(KafkaError(code: .fatal, message: "thrown")) }
            pending = zip(pending, results).compactMap { message, result in
                if case .failure = result { return message }
                return nil
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(pending.isEmpty, "still undelivered after \(attempts) attempts")
        #expect(producer.handleGeneration >= 2)
        await producer.shutdown()
    }
}
