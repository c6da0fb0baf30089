import FleetMessaging
import Kafka
import Synchronization

/// A producer that fails a record while `fails` says so, and remembers every send
/// (unit tests of the relay and the worker).
package final class FakeRecordSender: RecordSending {
    private let sent = Mutex<[KafkaOutgoingMessage]>([])
    private let fails: @Sendable (_ message: KafkaOutgoingMessage, _ attempt: Int) -> Bool
    private let onSend: @Sendable ([KafkaOutgoingMessage]) -> Void

    /// - Parameters:
    ///   - fails: Whether the `attempt`-th send of `message` (1 for the first) fails, retriably.
    ///   - onSend: Called with each batch sent, before the answer.
    package init(
        fails: @escaping @Sendable (_ message: KafkaOutgoingMessage, _ attempt: Int) -> Bool = { _, _ in false },
        onSend: @escaping @Sendable ([KafkaOutgoingMessage]) -> Void = { _ in }
    ) {
        self.fails = fails
        self.onSend = onSend
    }

    package var messages: [KafkaOutgoingMessage] { sent.withLock { $0 } }

    package func send(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [Result<KafkaDeliveryReport, KafkaError>] {
        onSend(messages)
        return messages.map { message in
            let attempt = sent.withLock { sent in
                sent.append(message)
                return sent.filter { $0 == message }.count
            }
            if fails(message, attempt) {
                return .failure(KafkaError(code: .messageTimedOut, message: "broker away"))
            }
            return .success(KafkaDeliveryReport(topic: message.topic, partition: 0, offset: Int64(attempt)))
        }
    }
}
