import Foundation

/// One dead letter as reports show it: where it is, why it failed, which object it is about.
public struct DeadLetterSample: Sendable, Hashable, Codable {
    public var partition: Int32
    public var offset: Int64
    public var stage: String
    public var code: String
    public var errorClass: String
    public var message: String
    public var attempts: Int
    /// ISO 8601 UTC, or `nil` when the failure time is unknown.
    public var failedAt: String?
    public var bucket: String?
    public var key: String?
    public var workerID: String

    public init(_ entry: DeadLetterEntry) {
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
