import FleetContracts
import Foundation
import Kafka

/// An `invoice-uploads` message decoded into the object it announces.
struct UploadEvent: Sendable {
    var record: KafkaRecord
    var bucket: String
    /// Decoded from S3's form encoding.
    var key: String

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
        return .upload(UploadEvent(record: record, bucket: event.bucket, key: key))
    }
}
