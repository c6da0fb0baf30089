import FleetMessaging
import FleetSettings
import FleetTestSupport
import Kafka
import Testing

/// `invoice-fleet lag`'s measure on the real broker: records not yet committed by the
/// group, per partition, read without joining it.
@Suite(.enabled(if: LocalStack.kafkaIsUp, LocalStack.kafkaMissing), .timeLimit(.minutes(2)))
struct ConsumerGroupLagTests {
    let fixture = KafkaTestFixture()

    @Test func lagCountsRecordsPastTheGroupsCommittedOffsetPerPartition() async throws {
        let topic = try await fixture.createTopic(partitions: 2)
        let group = LocalStack.uniqueName("lag-group")
        var settings = LocalStack.settings
        settings.uploadsTopic = topic
        settings.consumerGroup = group
        let producer = try fixture.producer()
        // One record per request: Tansu reports the end of a partition as one past the
        // first record of its last batch, so batched records would be undercounted there.
        for n in 0 ..< 5 {
            _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [UInt8(n)], partition: 0))
        }
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [9], partition: 1))
        await producer.shutdown()

        let before = try await ConsumerGroupLag.measure(settings: settings, logger: fixture.logger)
        #expect(before.partitions.map(\.lag) == [5, 1], "a group that never committed lags by every record: \(before)")
        #expect(before.partitions.allSatisfy { $0.committed == nil })

        // A member commits only partitions it holds: join, read everything, commit 3 of p0.
        let consumer = try fixture.consumer(group: group)
        try consumer.subscribe(topics: [topic])
        #expect(try await fixture.drain(consumer, count: 6).count == 6)
        try await consumer.commit([KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: 3)])
        await consumer.close()

        let after = try await ConsumerGroupLag.measure(settings: settings, logger: fixture.logger)
        #expect(after.partitions.map(\.partition) == [0, 1])
        #expect(after.partitions.map(\.committed) == [3, nil])
        #expect(after.partitions.map(\.lag) == [2, 1])
        #expect(after.total == 3)
    }
}
