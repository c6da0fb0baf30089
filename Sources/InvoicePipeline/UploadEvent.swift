import FleetContracts
import Foundation
import Kafka

/// An `invoice-uploads` message decoded into the object it announces.
package struct UploadEvent: Sendable {
    var record: KafkaRecord
    package var bucket: String
    /// Decoded from S3's form encoding.
    package var key: String
    /// The version the event announces (unquoted), when S3 named it: the one to read.
    package var eTag: String?
    /// Orders this version among the object's others: `S3EventRecord.sourceVersion`.
    package var version: String
    /// An operator replayed this conflict with `--overwrite-conflicts`.
    var overwriteApproved: Bool

    /// What decoding one message can give.
    package enum Decoded: Sendable {
        case upload(UploadEvent)
        /// Not an ObjectCreated event (e.g. a delete): nothing to do.
        case ignored(eventName: String)
        case invalid(code: DeadLetterCode, message: String)
    }

    /// The worker's first step for every message (`package` for the CPU benchmark).
    package static func decode(_ record: KafkaRecord) -> Decoded {
        let event: S3EventRecord
        do {
            event = try S3EventRecord.decode(record.value)
        } catch {
            return .invalid(code: .invalidEvent, message: "message is not an S3 event record: \(error)")
        }
        guard event.isObjectCreated else { return .ignored(eventName: event.eventName) }
        guard let key = event.objectKey, !key.isEmpty else {
            return .invalid(code: .invalidObjectKey, message: "object key \(event.s3.object.key) is not valid form encoding")
        }
        let eTag = event.s3.object.eTag.map(unquoted).flatMap { $0.isEmpty ? nil : $0 }
        return .upload(UploadEvent(
            record: record, bucket: event.bucket, key: key, eTag: eTag, version: event.sourceVersion,
            overwriteApproved: record.header(ReplayHeader.overwriteConflict) == "true"))
    }

    /// `eTag` without its quotes. In ASCII text (every ETag S3 writes) a quote is a
    /// character of its own, so filtering bytes gives what Foundation's character-wise
    /// replacement gives, without its cost on the hot path.
    private static func unquoted(_ eTag: String) -> String {
        guard eTag.utf8.allSatisfy({ $0 < 0x80 }) else { return eTag.replacingOccurrences(of: "\"", with: "") }
        return String(decoding: eTag.utf8.filter { $0 != UInt8(ascii: "\"") }, as: UTF8.self)
    }
}
