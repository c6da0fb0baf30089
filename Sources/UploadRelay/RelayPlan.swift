import AWSClients
import FleetContracts
import FleetMessaging
import Foundation
import Kafka

/// What to produce for one batch of SQS messages, and which message each record
/// belongs to, so that a message is deleted only when all of its records are acknowledged.
struct RelayPlan: Sendable {
    /// One record to produce.
    struct Item: Sendable {
        /// Index of the SQS message it came from.
        var owner: Int
        var message: KafkaOutgoingMessage
        /// The `error.code` when the record is a dead letter.
        var deadLetterCode: String?
    }

    var messages: [SQSMessage]
    var items: [Item]
    /// Per message, how many of its records still wait for an acknowledgement.
    var unacknowledged: [Int]
    var testEvents = 0

    /// Header naming the SQS message a relay dead letter came from (beyond the contract's
    /// headers, for operators tracing a poison message).
    static let messageIDHeader = "original.message.id"

    /// - Parameters:
    ///   - uploadsTopic: Where S3 event records go.
    ///   - deadLetterTopic: Where the rest goes.
    ///   - queueName: `original.topic` of the relay's dead letters.
    ///   - relayID: `worker.id` of the relay's dead letters.
    init(messages: [SQSMessage], uploadsTopic: String, deadLetterTopic: String, queueName: String, relayID: String, now: Date = Date()) {
        self.messages = messages
        items = []
        unacknowledged = Array(repeating: 0, count: messages.count)
        let failedAt = ISO8601DateFormatter().string(from: now)
        for (owner, message) in messages.enumerated() {
            func deadLetter(_ value: [UInt8], code: DeadLetterCode, reason: String) {
                // There is no partition or offset before Kafka: -1 says so (see the README).
                let letter = DeadLetter(
                    value: value, key: nil, stage: .relay, code: code, message: reason, errorClass: .permanent,
                    originalTopic: queueName, originalPartition: -1, originalOffset: -1, attempts: 1,
                    failedAt: failedAt, workerID: relayID
                )
                var outgoing = letter.message(topic: deadLetterTopic)
                outgoing.headers.append(KafkaHeader(Self.messageIDHeader, message.messageID))
                items.append(Item(owner: owner, message: outgoing, deadLetterCode: code.rawValue))
            }
            switch SQSNotification(body: message.body) {
            case .testEvent:
                testEvents += 1
            case let .invalid(reason):
                deadLetter(Array(message.body.utf8), code: .invalidNotification, reason: reason)
            case let .records(entries):
                for entry in entries {
                    switch entry {
                    case let .event(key, value):
                        items.append(Item(owner: owner, message: KafkaOutgoingMessage(topic: uploadsTopic, key: key, value: value)))
                    case let .malformed(value, reason):
                        deadLetter(value, code: .invalidEventRecord, reason: reason)
                    }
                }
            }
        }
        for item in items { unacknowledged[item.owner] += 1 }
    }
}
