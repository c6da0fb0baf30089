import Foundation

/// One dead letter as reports show it: where it is, why it failed, which object it is about.
package struct DeadLetterSample: Sendable, Hashable, Codable {
    package var partition: Int32
    package var offset: Int64
    package var stage: String
    package var code: String
    package var errorClass: String
    package var message: String
    package var attempts: Int
    /// ISO 8601 UTC, or `nil` when the failure time is unknown.
    package var failedAt: String?
    package var bucket: String?
    package var key: String?
    package var workerID: String

    package init(_ entry: DeadLetterEntry) {
        partition = entry.record.partition
        offset = entry.record.offset
        stage = entry.letter.stage.rawValue
        code = entry.letter.code.rawValue
        errorClass = entry.letter.errorClass.rawValue
        message = entry.letter.message
        attempts = entry.letter.attempts
        failedAt = entry.failedAt.map(FailureTime.format)
        bucket = entry.source?.bucket
        key = entry.source?.key
        workerID = entry.letter.workerID
    }
}
