import FleetMessaging
import DeadLetterTools
import FleetContracts
import Foundation
import Kafka

/// Dead letters made up for the tests: known stages, codes, classes, attempts and times.
enum DeadLetterSamples {
    /// A fixed "now", so that relative times mean the same every run.
    static let now = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18T…Z

    /// An S3 event record naming `key` (form-encoded, as S3 sends it) in `bucket`.
    static func eventValue(bucket: String = "invoices", key: String) -> [UInt8] {
        Array("""
        {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","eventTime":"2026-11-18T10:00:00.000Z",\
        "s3":{"bucket":{"name":"\(bucket)"},"object":{"key":"\(key)","size":321,"eTag":"e\(key.count)"}}}
        """.utf8)
    }

    static func letter(
        key: String, stage: DeadLetter.Stage, code: String, errorClass: DeadLetter.ErrorClass,
        attempts: Int = 1, failedAt: Date = now, bucket: String = "invoices", offset: Int64 = 0
    ) -> DeadLetter {
        DeadLetter(
            value: eventValue(bucket: bucket, key: key), key: Array("\(bucket)/\(key)".utf8), stage: stage, code: DeadLetterCode(rawValue: code),
            message: "\(code) in \(key)", errorClass: errorClass, originalTopic: "invoice-uploads",
            originalPartition: 0, originalOffset: offset, attempts: attempts,
            failedAt: FailureTime.format(failedAt), workerID: "worker-test"
        )
    }

    /// The mix the integration tests publish: 10 dead letters of 4 codes, 3 stages, both classes.
    static var mix: [DeadLetter] {
        let hour: TimeInterval = 3600
        return [
            letter(key: "2026/11/a1.json", stage: .validate, code: "totals_mismatch", errorClass: .permanent, failedAt: now - 50 * hour),
            letter(key: "2026/11/a2.json", stage: .validate, code: "totals_mismatch", errorClass: .permanent, failedAt: now - 3 * hour),
            letter(key: "2026/11/a3.json", stage: .validate, code: "totals_mismatch", errorClass: .permanent, attempts: 2, failedAt: now - 2 * hour),
            letter(key: "2026/11/a4.json", stage: .validate, code: "totals_mismatch", errorClass: .permanent, attempts: 5, failedAt: now - 1 * hour),
            letter(key: "2026/11/b1.json", stage: .validate, code: "access_key_check_digit", errorClass: .permanent, failedAt: now - 30 * hour),
            letter(key: "2026/12/c1.json", stage: .parse, code: "invalid_json", errorClass: .permanent, failedAt: now - 10 * hour),
            letter(key: "2026/12/c2.json", stage: .parse, code: "invalid_json", errorClass: .permanent, attempts: 3, failedAt: now - 20 * hour),
            letter(key: "batch+7/d1.json", stage: .fetch, code: "s3_unavailable", errorClass: .transient, failedAt: now - 4 * hour),
            letter(key: "batch+7/d2.json", stage: .fetch, code: "s3_unavailable", errorClass: .transient, failedAt: now - 5 * hour),
            letter(key: "batch+7/d3.json", stage: .fetch, code: "s3_unavailable", errorClass: .transient, attempts: 2, failedAt: now - 6 * hour),
        ]
    }

    /// A record of a DLQ topic holding `letter`.
    static func record(_ letter: DeadLetter, partition: Int32 = 0, offset: Int64, timestamp: Int64? = nil) -> KafkaRecord {
        KafkaRecord(
            topic: "test.dlq", partition: partition, offset: offset, key: letter.key, value: letter.value,
            headers: letter.message(topic: "invoices.dlq").headers, timestampMilliseconds: timestamp
        )
    }

    static func entry(_ letter: DeadLetter, offset: Int64 = 0) -> DeadLetterEntry {
        DeadLetterEntry(record: record(letter, offset: offset))!
    }
}
