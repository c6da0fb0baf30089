import Kafka
import Testing

/// Consumer failures injected through the mock cluster.
@Suite(.timeLimit(.minutes(1)))
struct KafkaConsumerMockClusterTests {
    @Test func aRefusedCommitIsATypedErrorAndTheNextCommitSucceeds() async throws {
        let fixture = try MockClusterFixture()
        let topic = uniqueTopic("commit")
        try fixture.cluster.createTopic(topic, partitions: 1)
        let producer = try fixture.producer()
        _ = try await withHangGuard(.seconds(20), "send") {
            try await producer.sendAll((0 ..< 3).map { KafkaOutgoingMessage(topic: topic, key: "k", value: [UInt8($0)]) })
        }
        let consumer = try fixture.consumer(group: uniqueTopic("commit-group"))
        try consumer.subscribe(topics: [topic])
        let records = try await fixture.drain(consumer, count: 3)

        fixture.cluster.failNextRequests(.offsetCommit, with: [.groupAuthorizationFailed])
        let error = await #expect(throws: KafkaError.self) {
            try await consumer.commit(processed: records)
        }
        #expect(error?.code == .groupAuthorizationFailed, "\(String(describing: error))")
        #expect(error?.isRetriable == false)

        let committed = try await consumer.commit(processed: records)
        #expect(committed == [KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: 3)])
        let stored = try await consumer.committed([KafkaTopicPartition(topic: topic, partition: 0)])
        #expect(stored.map(\.offset) == [3])
        await consumer.close()
        await producer.shutdown()
    }
}
