import Kafka
import Logging

/// Reads `invoices.processed` and `invoices.dlq` from the positions they had when the
/// run started (assign(), no consumer group), feeding this run's outcomes to the ledger.
struct OutcomeCollector: Sendable {
    let consumer: KafkaConsumer
    let decoder: OutcomeDecoder
    let ledger: RunLedger
    let timeout: Duration
    let logger: Logger

    /// How long to keep reading after the last expected outcome, to catch duplicates and
    /// strays that would otherwise go unreported.
    static let grace: Duration = .seconds(1)

    /// How reading ended.
    enum Ending: Sendable { case complete, timedOut, cancelled }

    /// The end of every partition of `topics` now: where this run's records will begin.
    /// Captured before the first upload, so that earlier records are never read.
    static func currentEnds(of topics: [String], consumer: KafkaConsumer) async throws -> [KafkaTopicPartitionOffset] {
        var positions: [KafkaTopicPartitionOffset] = []
        for topic in topics {
            for partition in try await consumer.partitions(of: topic) {
                let (_, high) = try await consumer.watermarks(topic: topic, partition: partition)
                positions.append(KafkaTopicPartitionOffset(topic: topic, partition: partition, offset: high))
            }
        }
        return positions
    }

    /// Reads until every uploaded object has an outcome (plus a short grace), until
    /// `timeout` after the last upload, or until cancelled.
    func collect() async -> Ending {
        var ending: Ending?
        var graceEnd: ContinuousClock.Instant?
        while true {
            if Task.isCancelled { return .cancelled }
            if let graceEnd, ContinuousClock.now >= graceEnd, let ending { return ending }
            if graceEnd == nil {
                if ledger.isComplete {
                    ending = .complete
                    graceEnd = .now + Self.grace
                } else if let done = ledger.uploadsDoneAt, ContinuousClock.now >= done + timeout {
                    return .timedOut
                }
            }
            do {
                let records = try await consumer.poll(maxMessages: 2000, timeout: .milliseconds(200))
                ledger.observe(records.compactMap(decoder.outcome(of:)))
            } catch {
                // The broker may come back before the timeout: keep trying, without spinning.
                logger.warning("cannot read outcomes, retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
