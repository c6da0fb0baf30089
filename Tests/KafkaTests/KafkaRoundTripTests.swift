import FleetTestSupport
import Kafka
import Testing

@Suite(.enabled(if: LocalStack.kafkaIsUp, LocalStack.kafkaMissing), .timeLimit(.minutes(2)))
struct KafkaRoundTripTests {
    let fixture = KafkaTestFixture()

    @Test func keyedMessagesWithHeadersRoundTrip() async throws {
        let topic = try await fixture.createTopic(partitions: 3)
        let producer = try fixture.producer()
        let sent = (0 ..< 20).map { i in
            KafkaOutgoingMessage(
                topic: topic, key: "key-\(i % 4)", value: Array("value \(i) ç".utf8),
                headers: [KafkaHeader("index", "\(i)"), KafkaHeader(key: "binary", value: [0, 255, 7])]
            )
        }
        let reports = try await producer.sendAll(sent)
        #expect(reports.count == 20)
        #expect(reports.allSatisfy { $0.topic == topic && $0.offset >= 0 })

        let consumer = try fixture.consumer(group: LocalStack.uniqueName("roundtrip"))
        try consumer.subscribe(topics: [topic])
        let received = try await fixture.drain(consumer, count: 20)
        await consumer.close()
        await producer.shutdown()

        #expect(received.count == 20)
        for record in received {
            let index = try #require(record.header("index").flatMap(Int.init))
            #expect(record.keyString == "key-\(index % 4)")
            #expect(record.value == Array("value \(index) ç".utf8))
            #expect(record.headers.first { $0.key == "binary" }?.value == [0, 255, 7])
            let report = try #require(reports[index] as KafkaDeliveryReport?)
            #expect(report.partition == record.partition && report.offset == record.offset)
        }
        // The same key always lands on the same partition.
        let partitionsByKey = Dictionary(grouping: received, by: { $0.keyString ?? "" }).mapValues { Set($0.map(\.partition)) }
        #expect(partitionsByKey.values.allSatisfy { $0.count == 1 })
    }

    @Test func orderWithinAPartitionHolds() async throws {
        let topic = try await fixture.createTopic(partitions: 3)
        let producer = try fixture.producer()
        let messages = (0 ..< 300).map { i in
            KafkaOutgoingMessage(topic: topic, key: "object-\(i % 7)", value: Array("\(i)".utf8))
        }
        _ = try await producer.sendAll(messages)
        await producer.shutdown()

        let consumer = try fixture.consumer(group: LocalStack.uniqueName("order"))
        try consumer.subscribe(topics: [topic])
        let received = try await fixture.drain(consumer, count: 300)
        await consumer.close()

        #expect(received.count == 300)
        for (key, records) in Dictionary(grouping: received, by: { $0.keyString ?? "" }) {
            let sequence = records.map { Int(String(decoding: $0.value, as: UTF8.self))! }
            #expect(sequence == sequence.sorted(), "records of \(key) arrived out of order")
        }
        for (_, records) in Dictionary(grouping: received, by: \.partition) {
            let offsets = records.map(\.offset)
            #expect(offsets == offsets.sorted())
        }
    }
}
