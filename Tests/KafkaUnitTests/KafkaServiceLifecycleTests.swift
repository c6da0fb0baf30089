import Kafka
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// `KafkaProducer` and `KafkaConsumer` as services: graceful shutdown stops them in order.
@Suite(.timeLimit(.minutes(1)))
struct KafkaServiceLifecycleTests {
    @Test func aServiceGroupsGracefulShutdownClosesConsumerAndProducer() async throws {
        let fixture = try MockClusterFixture()
        let topic = uniqueTopic("service-group")
        try fixture.cluster.createTopic(topic, partitions: 2)
        let producer = try fixture.producer()
        let consumer = try fixture.consumer(group: uniqueTopic("service-group"))
        try consumer.subscribe(topics: [topic])
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: producer), .init(service: consumer)], logger: fixture.logger
        ))

        try await withHangGuard(.seconds(30), "service group") {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [1]))
                let records = try await fixture.drain(consumer, count: 1)
                try await consumer.commit(processed: records)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }

        await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [2]))
        }
        let pollError = await #expect(throws: KafkaError.self) {
            _ = try await consumer.poll(maxMessages: 1, timeout: .milliseconds(10))
        }
        #expect(pollError?.code == .destroyed)
        // The explicit calls still work after run() ended, as often as they are made.
        await producer.shutdown()
        await producer.shutdown()
        await consumer.close()
        await consumer.close()
    }

    @Test func gracefulShutdownFlushesRecordsStillWaitingForTheirAcknowledgement() async throws {
        let fixture = try MockClusterFixture(brokers: 1)
        let topic = uniqueTopic("flush-on-shutdown")
        try fixture.cluster.createTopic(topic, partitions: 1)
        // A long linger keeps the record in librdkafka's queue until the shutdown's flush.
        let producer = try fixture.producer(deliveryTimeout: .seconds(30)) { $0.linger = .seconds(5); $0.flushTimeout = .seconds(15) }

        let report = try await withHangGuard(.seconds(30), "shutdown with a record pending") {
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: KafkaDeliveryReport?.self) { tasks in
                    tasks.addTask { try await producer.run(); return nil }
                    tasks.addTask { try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [1])) }
                    while producer.unacknowledgedCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
                    trigger.triggerGracefulShutdown()
                    var report: KafkaDeliveryReport?
                    for try await result in tasks { report = report ?? result }
                    return report
                }
            }
        }
        #expect(report?.offset == 0)
        #expect(producer.unacknowledgedCount == 0)
    }

    @Test func shutdownGivesUpOnUndeliverableRecordsAndAnswersTheirSenders() async throws {
        let fixture = try MockClusterFixture(brokers: 1)
        let topic = uniqueTopic("purged")
        try fixture.cluster.createTopic(topic, partitions: 1)
        let producer = try fixture.producer(deliveryTimeout: .seconds(45))
        _ = try await withHangGuard(.seconds(20), "first send") {
            try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [1]))
        }
        try fixture.cluster.setBrokerDown(1)
        let sending = Task { try await producer.send([KafkaOutgoingMessage(topic: topic, key: "k", value: [2])]) }
        try await withHangGuard(.seconds(10), "enqueue") {
            while producer.unacknowledgedCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        await producer.shutdown(timeout: .milliseconds(200))
        let results = try await withHangGuard(.seconds(10), "send after shutdown") { try await sending.value }
        guard case let .failure(error)? = results.first else {
            Issue.record("expected a failure, got \(results)")
            return
        }
        #expect([.purgedFromQueue, .purgedInFlight, .destroyed].contains(error.code), "\(error)")
    }
}
