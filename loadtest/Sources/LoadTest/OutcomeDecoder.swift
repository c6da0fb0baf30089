import FleetContracts
import FleetMessaging
import Foundation
import Kafka

/// Reads outcome records of one run, recognising them by bucket and key prefix: the
/// topics are shared, and records of other runs or other uploaders are skipped.
package struct OutcomeDecoder: Sendable {
    package var bucket: String
    package var keyPrefix: String
    package var processedTopic: String
    package var deadLetterTopic: String

    package init(bucket: String, keyPrefix: String, processedTopic: String, deadLetterTopic: String) {
        self.bucket = bucket
        self.keyPrefix = keyPrefix
        self.processedTopic = processedTopic
        self.deadLetterTopic = deadLetterTopic
    }

    /// The outcome a record reports, or `nil` if it is not about this run's objects.
    package func outcome(of record: KafkaRecord) -> ObservedOutcome? {
        switch record.topic {
        case processedTopic: processed(record)
        case deadLetterTopic: deadLetter(record)
        default: nil
        }
    }

    /// A processed record carries the decoded key in its JSON value.
    func processed(_ record: KafkaRecord) -> ObservedOutcome? {
        guard let invoice = try? JSONDecoder().decode(ProcessedInvoice.self, from: Data(record.value)),
              invoice.bucket == bucket, invoice.key.hasPrefix(keyPrefix)
        else { return nil }
        return ObservedOutcome(key: invoice.key, result: .stored(accessKey: invoice.accessKey), timestampMilliseconds: record.timestampMilliseconds)
    }

    /// A dead letter carries the original S3 event record as its value. Dead letters of
    /// the relay carry a whole notification instead, which names no single object: skipped.
    func deadLetter(_ record: KafkaRecord) -> ObservedOutcome? {
        guard let letter = DeadLetter(record: record),
              let event = try? JSONDecoder().decode(S3EventRecord.self, from: Data(letter.value)),
              event.bucket == bucket, let key = event.objectKey, key.hasPrefix(keyPrefix)
        else { return nil }
        return ObservedOutcome(
            key: key, result: .deadLettered(code: letter.code.rawValue, stage: letter.stage.rawValue),
            timestampMilliseconds: record.timestampMilliseconds
        )
    }
}
