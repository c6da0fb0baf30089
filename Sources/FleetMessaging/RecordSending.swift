import Kafka

/// Sends records and reports each one's fate: what the worker and the relay need from a
/// producer.
///
/// `KafkaProducer` conforms; unit tests give the components a fake that acknowledges,
/// fails or delays chosen records.
package protocol RecordSending: Sendable {
    /// - Returns: One result per message, in order.
    /// - Throws: when the producer itself cannot take messages (closed, fatal).
    func send(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [Result<KafkaDeliveryReport, KafkaError>]
}

extension KafkaProducer: RecordSending {}
