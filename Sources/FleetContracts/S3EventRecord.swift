/// One element of `Records[]` in an S3 event notification: the value of an
/// `invoice-uploads` message, kept byte for byte as S3 sent it.
package struct S3EventRecord: Decodable, Sendable, Equatable {
    package struct Entity: Decodable, Sendable, Equatable {
        package struct Bucket: Decodable, Sendable, Equatable { package var name: String }
        package struct Object: Decodable, Sendable, Equatable {
            /// Form-encoded as S3 sends it (`+` for space, `%XX` escapes): see `objectKey`.
            package var key: String
            package var size: Int?
            package var eTag: String?
            package var sequencer: String?
        }

        package var bucket: Bucket
        package var object: Object
    }

    package var eventName: String
    package var eventTime: String?
    package var s3: Entity

    /// Whether this record announces a new or overwritten object.
    package var isObjectCreated: Bool { eventName.hasPrefix("ObjectCreated:") || eventName.hasPrefix("s3:ObjectCreated:") }

    package var bucket: String { s3.bucket.name }

    /// The object key, decoded from S3's form encoding; `nil` if the escapes are malformed.
    package var objectKey: String? { FormDecoding.decode(s3.object.key) }

    /// The Kafka key of this record's message: `bucket/key` (as S3 sent the key), so that
    /// the events of one object stay in order on one partition.
    package var messageKey: String { "\(bucket)/\(s3.object.key)" }
}

/// A whole S3 event notification, as it arrives on the SQS queue.
package struct S3EventNotification: Decodable, Sendable {
    package var Records: [S3EventRecord]?
    /// Present (`s3:TestEvent`) on the message S3 sends when a notification is configured.
    package var Event: String?

    package var isTestEvent: Bool { Event == "s3:TestEvent" }
}

/// `application/x-www-form-urlencoded` decoding of S3 event keys.
package enum FormDecoding {
    package static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
