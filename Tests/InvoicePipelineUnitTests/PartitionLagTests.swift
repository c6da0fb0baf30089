import InvoicePipeline
import Kafka
import Testing

@Suite("PartitionLag: lag in records and seconds per owned partition")
struct PartitionLagTests {
    static let p0 = KafkaTopicPartition(topic: "invoice-uploads", partition: 0)
    static let p1 = KafkaTopicPartition(topic: "invoice-uploads", partition: 1)

    static func record(_ partition: KafkaTopicPartition, offset: Int64, at milliseconds: Int64) -> KafkaRecord {
        KafkaRecord(topic: partition.topic, partition: partition.partition, offset: offset, key: nil, value: [], headers: [],
                    timestampMilliseconds: milliseconds)
    }

    @Test("records from the next one to process to the end; seconds from the oldest record of the batch under way")
    func backlog() {
        var lag = PartitionLag()
        let batch = [Self.record(Self.p0, offset: 10, at: 1_000_000), Self.record(Self.p0, offset: 11, at: 1_000_500),
                     Self.record(Self.p1, offset: 3, at: 1_002_000)]
        // Before anything finished: counted from the consumer's fetch position.
        let before = lag.sample(assigned: [Self.p0, Self.p1], progress: [Self.p0: .init(position: 10, end: 110), Self.p1: .init(position: 3, end: 3)], nowMilliseconds: 1_000_000)
        #expect(before.map(\.records) == [100, 0])
        #expect(before.map(\.seconds) == [0, 0])

        lag.began(batch)
        let during = lag.sample(assigned: [Self.p0, Self.p1], progress: [Self.p0: .init(position: 60, end: 110), Self.p1: .init(position: 4, end: 4)], nowMilliseconds: 1_030_250)
        #expect(during.map(\.partition) == [Self.p0, Self.p1])
        #expect(during.map(\.records) == [50, 0], "fetched ahead, but only processed records count")
        #expect(during.map(\.seconds) == [30.25, 28.25], "a batch stuck in an outage keeps ageing")

        lag.finished(batch)
        let after = lag.sample(assigned: [Self.p0, Self.p1], progress: [Self.p0: .init(position: 60, end: 110), Self.p1: .init(position: 4, end: 4)], nowMilliseconds: 1_031_000)
        #expect(after.map(\.records) == [98, 0])
        #expect(after.map(\.seconds) == [30.25, 0], "between batches the last age stands; caught up is 0")
    }

    @Test("caught up is 0 and 0; a revoked partition is forgotten")
    func caughtUpAndRevoked() {
        var lag = PartitionLag()
        let batch = [Self.record(Self.p0, offset: 0, at: 5_000)]
        lag.began(batch)
        lag.finished(batch)
        #expect(lag.sample(assigned: [Self.p0], progress: [Self.p0: .init(position: 1, end: 1)], nowMilliseconds: 99_000)
            == [.init(partition: Self.p0, records: 0, seconds: 0)])
        lag.began([Self.record(Self.p0, offset: 1, at: 6_000)])
        #expect(lag.sample(assigned: [Self.p1], progress: [:], nowMilliseconds: 99_000)
            == [.init(partition: Self.p1, records: 0, seconds: 0)])
        #expect(lag.sample(assigned: [Self.p0], progress: [Self.p0: .init(position: 1, end: 5)], nowMilliseconds: 99_000)
            == [.init(partition: Self.p0, records: 4, seconds: 0)], "nothing pending survived the revocation")
    }
}
