import Foundation
import Kafka
import Logging

/// Reads a range of a DLQ topic without joining or disturbing any consumer group.
///
/// It uses an assign()-only consumer with no group, reads each partition from where it
/// is told (by default its low watermark) to the high watermark captured by `ranges()`,
/// then stops. It never commits and never produces, so it cannot modify the DLQ.
package struct DeadLetterReader: Sendable {
    package let topic: String
    package let settings: DeadLetterClusterSettings
    private let logger: Logger

    package init(topic: String, settings: DeadLetterClusterSettings, logger: Logger) {
        self.topic = topic
        self.settings = settings
        self.logger = logger
    }

    /// The whole topic as it is now: each partition from its low to its high watermark.
    /// - Throws: `DeadLetterToolError.unknownTopic` or `.unreachable` within the metadata timeout.
    package func ranges() async throws -> [PartitionRange] {
        let consumer = try makeConsumer()
        do {
            let ranges = try await Self.watermarkRanges(of: topic, consumer: consumer, settings: settings)
            await consumer.close()
            return ranges
        } catch {
            await consumer.close()
            throw error
        }
    }

    /// Reads `ranges` (see `PartitionRange` for where each ends) and hands each batch of
    /// records, in offset order per partition, to `body`.
    /// - Throws: `DeadLetterToolError`, or what `body` throws.
    package func scan(_ ranges: [PartitionRange], body: ([KafkaRecord]) async throws -> Void) async throws {
        let wanted = ranges.filter(\.needsReading)
        logger.debug("scanning", metadata: ["topic": "\(topic)", "ranges": "\(wanted.map { "\($0.partition):\($0.start)..<\($0.end)" })"])
        guard !wanted.isEmpty else { return }
        let consumer = try makeConsumer()
        do {
            try consumer.assign(wanted.map { KafkaTopicPartitionOffset(topic: topic, partition: $0.partition, offset: $0.start) })
            try await Self.pump(consumer, ranges: wanted, topic: topic, settings: settings) { records in
                try await body(records)
                return true
            }
        } catch {
            await consumer.close()
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
        await consumer.close()
    }

    private func makeConsumer() throws -> KafkaConsumer {
        do {
            return try KafkaConsumer(configuration: settings.consumerConfiguration(groupID: nil), logger: logger)
        } catch {
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
    }

    // MARK: - Shared with the replayer

    /// Checks that `topic` exists (the first call to the broker, bounded by the metadata
    /// timeout) and returns each partition's low..<high watermark range.
    static func watermarkRanges(
        of topic: String, consumer: KafkaConsumer, settings: DeadLetterClusterSettings
    ) async throws(DeadLetterToolError) -> [PartitionRange] {
        do {
            let taken = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
            let partitions = try await consumer.partitions(of: topic, timeout: settings.metadataTimeout)
            var ranges: [PartitionRange] = []
            for partition in partitions {
                let marks = try await consumer.watermarks(topic: topic, partition: partition, timeout: settings.metadataTimeout)
                ranges.append(PartitionRange(partition: partition, start: marks.low, end: marks.high, low: marks.low, watermarkTime: taken))
            }
            return ranges
        } catch {
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
    }

    /// Polls `consumer` until every range is read to its end, handing the records inside
    /// the ranges to `body`, which returns `false` to stop early.
    /// - Parameter initial: records the consumer returned before (while joining a group).
    /// - Returns: `true` when every range was read to its end, `false` when `body` stopped.
    /// - Throws: `DeadLetterToolError.stalled` when nothing arrives for the idle timeout.
    @discardableResult
    static func pump(
        _ consumer: KafkaConsumer, ranges: [PartitionRange], topic: String, settings: DeadLetterClusterSettings,
        initial: [KafkaRecord] = [], batchSize: Int = 500, body: ([KafkaRecord]) async throws -> Bool
    ) async throws -> Bool {
        let clock = ContinuousClock()
        var cursor = ScanCursor(ranges, tailGrace: settings.tailGrace, now: clock.now)
        let early = cursor.admit(initial, now: clock.now)
        if !early.isEmpty, try await !body(early) { return false }
        var lastProgress = clock.now
        while !cursor.isComplete {
            try Task.checkCancellation()
            let batch = try await consumer.poll(maxMessages: batchSize, timeout: .milliseconds(500))
            let now = clock.now
            let records = cursor.admit(batch, now: now)
            cursor.expireTails(now: now)
            if records.isEmpty {
                if now - lastProgress > settings.idleTimeout, !cursor.isComplete {
                    let waiting = cursor.unfinished.map { "partition \($0.range.partition) at \($0.position) of \($0.range.end)" }
                    throw DeadLetterToolError.stalled(topic: topic, detail: "no records for \(settings.idleTimeout) with \(waiting.joined(separator: ", ")) still to read")
                }
                continue
            }
            lastProgress = now
            guard try await body(records) else { return false }
        }
        return true
    }
}
