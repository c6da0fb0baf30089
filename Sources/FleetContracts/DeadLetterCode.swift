import InvoiceDomain

/// The stable, machine-readable reason of a dead letter: the `error.code` header.
///
/// One type for every code the fleet writes, the domain's validation codes included,
/// so no component spells a code as a string literal. Operators alert and replay on
/// these: never rename one, only add. An "open enum" (a struct with static members)
/// because the DLQ tools read codes that other versions of the fleet wrote.
package struct DeadLetterCode: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    package let rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }

    /// A validation or parse failure of the invoice file itself.
    package init(_ code: InvoiceErrorCode) { rawValue = code.rawValue }

    package var description: String { rawValue }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    // MARK: - relay: the SQS message is not a usable S3 notification

    /// The SQS message body is not an S3 event notification.
    package static let invalidNotification = DeadLetterCode(rawValue: "invalid_notification")
    /// One record of a notification is not an S3 event record.
    package static let invalidEventRecord = DeadLetterCode(rawValue: "invalid_event_record")

    // MARK: - decode-event: the invoice-uploads message

    /// The message is not an S3 event record.
    package static let invalidEvent = DeadLetterCode(rawValue: "invalid_event")
    /// The record's object key is not valid form encoding.
    package static let invalidObjectKey = DeadLetterCode(rawValue: "invalid_object_key")

    // MARK: - fetch

    /// The object is gone (deleted after its upload event).
    package static let objectNotFound = DeadLetterCode(rawValue: "object_not_found")
    /// S3 kept failing transiently until the retry budget ran out.
    package static let s3Unavailable = DeadLetterCode(rawValue: "s3_unavailable")
    /// S3 refused the request (access denied, bad request).
    package static let fetchFailed = DeadLetterCode(rawValue: "fetch_failed")

    // MARK: - validate, beyond the file's own rules

    /// Another invoice claims the same access key.
    package static let accessKeyConflict = DeadLetterCode(rawValue: "access_key_conflict")

    // MARK: - write

    /// DynamoDB kept failing transiently until the retry budget ran out.
    package static let dynamoDBUnavailable = DeadLetterCode(rawValue: "dynamodb_unavailable")
    /// DynamoDB refused the item (validation, access denied).
    package static let writeRejected = DeadLetterCode(rawValue: "write_rejected")

    /// Every code this version writes: the pipeline's and relay's, then the domain's.
    package static let allCases: [DeadLetterCode] = [
        .invalidNotification, .invalidEventRecord, .invalidEvent, .invalidObjectKey,
        .objectNotFound, .s3Unavailable, .fetchFailed, .accessKeyConflict,
        .dynamoDBUnavailable, .writeRejected,
    ] + InvoiceErrorCode.allCases.map(DeadLetterCode.init)
}
