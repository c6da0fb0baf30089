import Foundation
import InvoiceDomain

extension S3EventRecord {
    /// The JSON of an `ObjectCreated:Put` record as S3 would send it, for producing events
    /// straight into `invoice-uploads` (staged benchmarks, tests) without S3 and SQS.
    package static func objectCreatedJSON(
        bucket: String, key: String, size: Int, eTag: String, eventTime: Date = Date(), sequencer: String? = nil
    ) -> [UInt8] {
        var object: [String: Any] = ["key": FormDecoding.encode(key), "size": size, "eTag": eTag]
        if let sequencer { object["sequencer"] = sequencer }
        let record: [String: Any] = [
            "eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
            // Milliseconds, as S3 writes it: the time orders versions when sequencers tie.
            "eventTime": ISO8601Timestamp.format(eventTime, offsetMinutes: 0, fractionDigits: 3),
            "s3": ["s3SchemaVersion": "1.0", "bucket": ["name": bucket], "object": object],
        ]
        return Array((try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])) ?? Data())
    }
}

extension FormDecoding {
    /// Form-encodes a key the way S3 event notifications do: `+` for space, `%XX` for
    /// every byte outside the unreserved set.
    package static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "): out.append("+")
            case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
                 UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
