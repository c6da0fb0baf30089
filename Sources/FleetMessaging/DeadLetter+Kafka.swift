import FleetContracts
import Kafka

/// The dead-letter contract on Kafka records.
extension DeadLetter {
    /// The DLQ record of this dead letter.
    package func message(topic: String) -> KafkaOutgoingMessage {
        KafkaOutgoingMessage(topic: topic, key: key, value: value, headers: headers.map { KafkaHeader($0.name, $0.value) })
    }

    /// Reads a dead letter back from a record of the DLQ topic; `nil` if a contract header is missing.
    package init?(record: KafkaRecord) {
        self.init(value: record.value, key: record.key) { record.header($0) }
    }
}
