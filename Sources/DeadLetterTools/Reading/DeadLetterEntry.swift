import FleetContracts
import FleetMessaging
import Foundation
import Kafka

/// A record of the DLQ topic read back as a dead letter, with what the tools derive from it.
package struct DeadLetterEntry: Sendable, Equatable {
    /// The record as read, for its position, timestamp and raw bytes.
    package var record: KafkaRecord
    package var letter: DeadLetter
    /// When it failed: the `failed.at` header, else the record's timestamp; `nil` if neither.
    package var failedAt: Date?
    /// The S3 object it is about, when the value or the key names one.
    package var source: SourceObject?

    /// Reads `record`; `nil` when it lacks the contract's headers (not a dead letter).
    package init?(record: KafkaRecord) {
        guard let letter = DeadLetter(record: record) else { return nil }
        self.record = record
        self.letter = letter
        failedAt = FailureTime.parseTimestamp(letter.failedAt)
            ?? record.timestampMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        source = SourceObject(value: record.value, kafkaKey: record.key)
    }

    /// `topic/partition/offset`: the value of `ReplayHeader.replayOf` when it is replayed.
    package var position: String { "\(record.topic)/\(record.partition)/\(record.offset)" }
}
