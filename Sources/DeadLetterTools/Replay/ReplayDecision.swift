import FleetContracts
import Kafka

/// What a replay does with one record of the DLQ. Pure.
package enum ReplayDecision: Sendable, Equatable {
    /// Republish this message.
    case send(KafkaOutgoingMessage)
    /// The selection does not keep it; the position passes over it.
    case notSelected
    /// Not a dead letter (contract headers missing); passed over.
    case unreadable
    /// Selected, but it failed too often already; passed over unless forced.
    case tooManyAttempts(Int)

    /// Decides for `record` under `configuration`.
    package static func decide(_ record: KafkaRecord, configuration: DeadLetterReplayConfiguration) -> ReplayDecision {
        guard let entry = DeadLetterEntry(record: record) else { return .unreadable }
        guard configuration.selection.matches(entry) else { return .notSelected }
        if entry.letter.attempts >= configuration.maxAttempts, !configuration.force {
            return .tooManyAttempts(entry.letter.attempts)
        }
        let overwrite = configuration.overwriteConflicts && entry.letter.code == .accessKeyConflict
        return .send(message(for: entry, topic: configuration.targetTopic, overwriteConflict: overwrite))
    }

    /// The republished message: the original value and key, byte for byte, with the
    /// headers through which the worker counts attempts and names the dead letter (and,
    /// for a conflict the operator chose to overwrite, says so).
    package static func message(for entry: DeadLetterEntry, topic: String, overwriteConflict: Bool = false) -> KafkaOutgoingMessage {
        var headers = [
            KafkaHeader(ReplayHeader.replayOf, entry.position),
            KafkaHeader(ReplayHeader.attempts, String(entry.letter.attempts)),
        ]
        if overwriteConflict { headers.append(KafkaHeader(ReplayHeader.overwriteConflict, "true")) }
        return KafkaOutgoingMessage(topic: topic, key: entry.record.key, value: entry.record.value, headers: headers)
    }

    /// Whether the selection kept it (sent or refused).
    package var isSelected: Bool {
        switch self {
        case .send, .tooManyAttempts: true
        case .notSelected, .unreadable: false
        }
    }
}
