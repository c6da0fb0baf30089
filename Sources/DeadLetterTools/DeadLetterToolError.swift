import Kafka

/// Why a dead-letter command could not do its work, worded for the operator in one line.
///
/// Every command of the tooling fails with one of these rather than a raw librdkafka
/// error, so that the CLI can print `description` and exit non-zero.
package enum DeadLetterToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The topic does not exist on the cluster.
    case unknownTopic(topic: String, brokers: String)
    /// No broker answered within the metadata timeout.
    case unreachable(brokers: String, detail: String)
    /// A filter or time bound the operator gave cannot be understood.
    case invalidFilter(String)
    /// Another process holds partitions of the replay group, so replaying now could send twice.
    case replayGroupBusy(group: String, topic: String)
    /// A scan saw no record for too long although the partition had not reached its end.
    case stalled(topic: String, detail: String)
    /// The broker refused one of the republished messages; the position stops before it.
    case deliveryFailed(detail: String)
    /// Any other Kafka failure, kept whole.
    case kafka(KafkaError)
    /// The export file could not be written.
    case output(String)
    /// Anything else, by its description.
    case other(String)

    package var description: String {
        switch self {
        case let .unknownTopic(topic, brokers):
            "topic '\(topic)' does not exist on Kafka at \(brokers)"
        case let .unreachable(brokers, detail):
            "cannot reach Kafka at \(brokers): \(detail)"
        case let .invalidFilter(message):
            "invalid filter: \(message)"
        case let .replayGroupBusy(group, topic):
            "replay group '\(group)' did not get every partition of '\(topic)': another replay with this group is running; wait for it or use another --replay-group"
        case let .stalled(topic, detail):
            "reading '\(topic)' stalled: \(detail)"
        case let .deliveryFailed(detail):
            "replay stopped, the broker did not acknowledge a message (rerun to continue from the last acknowledged record): \(detail)"
        case let .kafka(error):
            "\(error)"
        case let .output(message):
            "cannot write the export: \(message)"
        case let .other(message):
            message
        }
    }

    /// Classifies a Kafka failure met while working on `topic`.
    static func from(_ error: any Error, topic: String, brokers: String) -> DeadLetterToolError {
        if let own = error as? DeadLetterToolError { return own }
        guard let kafka = error as? KafkaError else { return .other("\(error)") }
        if kafka.isUnknownTopic { return .unknownTopic(topic: topic, brokers: brokers) }
        // Timeouts and transport errors on a metadata request mean no broker answered.
        if kafka.isRetriable { return .unreachable(brokers: brokers, detail: kafka.message) }
        return .kafka(kafka)
    }
}
