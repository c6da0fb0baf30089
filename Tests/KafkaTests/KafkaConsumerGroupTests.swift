import FleetTestSupport
import Kafka
import Testing

@Suite(.enabled(if: LocalStack.kafkaIsUp, LocalStack.kafkaMissing), .timeLimit(.minutes(3)))
struct KafkaConsumerGroupTests {
    let fixture = KafkaTestFixture()

    @Test func restartedConsumerResumesAfterItsCommit() async throws {
        let topic = try await fixture.createTopic(partitions: 1)
        let producer = try fixture.producer()
        _ = try await producer.sendAll((0 ..< 10).map {
            KafkaOutgoingMessage(topic: topic, key: nil as String?, value: Array("\($0)".utf8))
        })
        await producer.shutdown()
        let group = LocalStack.uniqueName("resume")

        // First run: read everything but commit only the first four records.
        let first = try fixture.consumer(group: group)
        try first.subscribe(topics: [topic])
        let all = try await fixture.drain(first, count: 10)
        #expect(all.count == 10)
        let finished = Array(all.sorted { $0.offset < $1.offset }.prefix(4))
        let committed = try await first.commit(processed: finished)
        #expect(committed == [KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: 4)])
        await first.close()

        // Second run: starts right after the commit, sees nothing committed again.
        let second = try fixture.consumer(group: group)
        try second.subscribe(topics: [topic])
        let rest = try await fixture.drain(second, count: 6)
        let stored = try await second.committed([KafkaTopicPartition(topic: topic, partition: 0)])
        await second.close()
        #expect(rest.map(\.offset).sorted() == Array(4 ..< 10))
        #expect(stored.first?.offset == 4)
    }

    @Test func twoMembersSplitThePartitionsAndSeeEachMessageOnce() async throws {
        let topic = try await fixture.createTopic(partitions: 4)
        let group = LocalStack.uniqueName("split")
        let a = try fixture.consumer(group: group)
        let b = try fixture.consumer(group: group)
        try a.subscribe(topics: [topic])
        try b.subscribe(topics: [topic])

        // Poll both until the group has settled with all four partitions shared out.
        for _ in 0 ..< 80 {
            _ = try await a.poll(maxMessages: 10, timeout: .milliseconds(100))
            _ = try await b.poll(maxMessages: 10, timeout: .milliseconds(100))
            if !a.assignment.isEmpty, !b.assignment.isEmpty, a.assignment.count + b.assignment.count == 4 { break }
        }
        #expect(!a.assignment.isEmpty && !b.assignment.isEmpty)
        #expect(a.assignment.isDisjoint(with: b.assignment))
        #expect(a.assignment.union(b.assignment).count == 4)

        let producer = try fixture.producer()
        _ = try await producer.sendAll((0 ..< 200).map {
            KafkaOutgoingMessage(topic: topic, key: "k\($0)", value: Array("\($0)".utf8))
        })
        await producer.shutdown()

        var seenA: [KafkaRecord] = [], seenB: [KafkaRecord] = []
        for _ in 0 ..< 100 where seenA.count + seenB.count < 200 {
            let batchA = try await a.poll(maxMessages: 50, timeout: .milliseconds(200))
            let batchB = try await b.poll(maxMessages: 50, timeout: .milliseconds(200))
            try await a.commit(processed: batchA)
            try await b.commit(processed: batchB)
            seenA += batchA
            seenB += batchB
        }
        await a.close()
        await b.close()

        #expect(!seenA.isEmpty && !seenB.isEmpty, "both members should have worked")
        let values = (seenA + seenB).map { String(decoding: $0.value, as: UTF8.self) }
        #expect(values.count == 200)
        #expect(Set(values).count == 200)
        #expect(Set(seenA.map(\.partition)).isDisjoint(with: Set(seenB.map(\.partition))))
    }
}
