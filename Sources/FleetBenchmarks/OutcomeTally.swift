import FleetContracts
import FleetMessaging
import FleetSettings
import Foundation
import Kafka
import Logging

/// Counts a run's results and dead letters, by source object, until all are in.
struct OutcomeTally {
    var stored = 0
    var deadLettered = 0
    /// When each object's first outcome was written (the record's timestamp).
    var outcomeTimes: [Date] = []

    static func wait(
        for count: Int, settings s: StackSettings, logger: Logger, timeout: Duration = .seconds(900),
        progress: @Sendable (String) -> Void
    ) async throws -> OutcomeTally {
        let consumer = try KafkaConsumer(configuration: .init(client: s.kafkaClient, groupID: nil), logger: logger)
        var assignment: [KafkaTopicPartitionOffset] = []
        for topic in [s.processedTopic, s.deadLetterTopic] {
            for partition in try await consumer.partitions(of: topic) {
                assignment.append(.init(topic: topic, partition: partition, offset: KafkaTopicPartitionOffset.beginning))
            }
        }
        try consumer.assign(assignment)
        var seen: Set<String> = []
        var tally = OutcomeTally()
        let deadline = ContinuousClock.now + timeout
        var lastReport = ContinuousClock.now
        while seen.count < count, ContinuousClock.now < deadline {
            for record in try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(200)) {
                let key: String?
                if record.topic == s.processedTopic {
                    key = (try? JSONDecoder().decode(ProcessedInvoice.self, from: Data(record.value)))?.key
                } else {
                    key = (try? JSONDecoder().decode(S3EventRecord.self, from: Data(record.value)))?.objectKey
                }
                guard let key, seen.insert(key).inserted else { continue }
                if record.topic == s.processedTopic { tally.stored += 1 } else { tally.deadLettered += 1 }
                tally.outcomeTimes.append(Date(timeIntervalSince1970: Double(record.timestampMilliseconds ?? 0) / 1000))
            }
            if ContinuousClock.now - lastReport > .seconds(2) {
                progress("accounted for \(seen.count)/\(count)")
                lastReport = ContinuousClock.now
            }
        }
        await consumer.close()
        return tally
    }
}
