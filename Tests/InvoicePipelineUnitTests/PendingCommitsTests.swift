@testable import InvoicePipeline
import Kafka
import Testing

@Suite struct PendingCommitsTests {
    static func offset(_ partition: Int32, _ offset: Int64) -> KafkaTopicPartitionOffset {
        KafkaTopicPartitionOffset(topic: "invoice-uploads", partition: partition, offset: offset)
    }

    static func partition(_ partition: Int32) -> KafkaTopicPartition {
        KafkaTopicPartition(topic: "invoice-uploads", partition: partition)
    }

    @Test func theFurthestPositionPerPartitionWins() {
        var pending = PendingCommits()
        pending.add([Self.offset(1, 10), Self.offset(0, 5)])
        pending.add([Self.offset(1, 7), Self.offset(0, 9)])
        #expect(pending.offsets == [Self.offset(0, 9), Self.offset(1, 10)])
    }

    @Test func settlingKeepsPositionsThatAdvancedDuringTheCommit() {
        var pending = PendingCommits()
        pending.add([Self.offset(0, 5), Self.offset(1, 3)])
        let attempt = pending.offsets
        pending.add([Self.offset(1, 8)])
        pending.settle(attempt)
        #expect(pending.offsets == [Self.offset(1, 8)])
    }

    @Test func aFailureDropsPartitionsMovedAwayAndSchedulesARetry() {
        var pending = PendingCommits(retryPause: .seconds(1))
        pending.add([Self.offset(0, 5), Self.offset(1, 3)])
        let now = ContinuousClock.now
        #expect(pending.isDue(at: now))
        #expect(pending.failed(at: now, assignment: [Self.partition(1)]) == 1)
        #expect(pending.offsets == [Self.offset(1, 3)])
        #expect(!pending.isDue(at: now + .milliseconds(500)))
        #expect(pending.isDue(at: now + .seconds(1)))
        #expect(pending.failed(at: now + .seconds(1), assignment: [Self.partition(1)]) == 2)
        #expect(pending.settle(pending.offsets) == 2)
        #expect(pending.isEmpty)
        #expect(pending.failedAttempts == 0)
        #expect(!pending.isDue(at: now + .seconds(5)), "nothing left to commit")
    }
}
