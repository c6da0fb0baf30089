import FleetContracts
import Foundation
import Kafka

/// An `invoice-uploads` message decoded into the object it announces.
struct UploadEvent: Sendable {
    var record: KafkaRecord
    var bucket: String
    /// Decoded from S3's form encoding.
    var key: String
    /// The version the event announces (unquoted), when S3 named it: the one to read.
    var eTag: String?
    /// Orders this version among the object's others: `S3EventRecord.sourceVersion`.
    var version: String
    /// An operator replayed this conflict with `--overwrite-conflicts`.
    var overwriteApproved: Bool

    /// What decoding one message can give.
    enum Decoded: Sendable {
        case upload(UploadEvent)
        /// Not an ObjectCreated event (e.g. a delete): nothing to do.
        case ignored(eventName: String)
        case invalid(code: DeadLetterCode, message: String)
    }

    static func decode(_ record: KafkaRecord) -> Decoded {
        let event: S3EventRecord
        do {
            event = try JSONDecoder().decode(S3EventRecord.self, from: Data(record.value))
        } catch {
            return .invalid(code: .invalidEvent, message: "message is not an S3 event record: \(error)")
        }
        guard event.isObjectCreated else { return .ignored(eventName: event.eventName) }
        guard let key = event.objectKey, !key.isEmpty else {
            return .invalid(code: .invalidObjectKey, message: "object key \(event.s3.object.key) is not valid form encoding")
        }
        let eTag = event.s3.object.eTag.map { $0.replacingOccurrences(of: "\"", with: "") }.flatMap { $0.isEmpty ? nil : $0 }
        return .upload(UploadEvent(
            record: record, bucket: event.bucket, key: key, eTag: eTag, version: event.sourceVersion,
            overwriteApproved: record.header(ReplayHeader.overwriteConflict) == "true"))
    }
}
