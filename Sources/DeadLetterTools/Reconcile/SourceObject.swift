import FleetContracts
import Foundation

/// The S3 object whose upload event failed: what an operator searches for and fixes.
package struct SourceObject: Sendable, Hashable, Codable {
    package var bucket: String
    /// The object key, decoded from S3's form encoding where it could be.
    package var key: String

    package init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Finds the object of a dead letter: from the S3 event record in its value, or, when
    /// the value is not one (the relay's failures are), from its `bucket/key` Kafka key.
    package init?(value: [UInt8], kafkaKey: [UInt8]?) {
        if let event = try? JSONDecoder().decode(S3EventRecord.self, from: Data(value)) {
            self.init(bucket: event.bucket, key: event.objectKey ?? event.s3.object.key)
            return
        }
        guard let kafkaKey, let text = String(validating: kafkaKey, as: UTF8.self), !text.isEmpty else { return nil }
        // The key is `bucket/key` with the object key as S3 sent it (form-encoded).
        guard let slash = text.firstIndex(of: "/") else {
            self.init(bucket: "", key: text)
            return
        }
        let raw = String(text[text.index(after: slash)...])
        self.init(bucket: String(text[..<slash]), key: FormDecoding.decode(raw) ?? raw)
    }

    /// `bucket/key` for display.
    package var path: String { bucket.isEmpty ? key : "\(bucket)/\(key)" }
}
