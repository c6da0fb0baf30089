import Foundation
import Kafka

/// One line of a JSON Lines export: a DLQ record whole, so that nothing is lost.
///
/// The value is `value` when it is valid UTF-8 (S3 event JSON always is) and
/// `valueBase64` otherwise; exactly one of the two is present. Header values are
/// decoded as UTF-8 (the contract's headers are text).
package struct DeadLetterExportLine: Sendable, Hashable, Codable {
    package var topic: String
    package var partition: Int32
    package var offset: Int64
    /// Milliseconds since the epoch; `nil` when the record has none.
    package var timestamp: Int64?
    package var key: String?
    package var value: String?
    package var valueBase64: String?
    package var headers: [String: String]

    package init(record: KafkaRecord) {
        topic = record.topic
        partition = record.partition
        offset = record.offset
        timestamp = record.timestampMilliseconds
        key = record.keyString
        if let text = String(validating: record.value, as: UTF8.self) {
            value = text
        } else {
            valueBase64 = Data(record.value).base64EncodedString()
        }
        // A repeated header keeps its first value, as KafkaRecord.header(_:) reads it.
        headers = [:]
        for header in record.headers where headers[header.key] == nil {
            headers[header.key] = header.stringValue
        }
    }

    /// The original value's bytes, whichever field holds them.
    package var valueBytes: [UInt8]? {
        if let value { return Array(value.utf8) }
        return valueBase64.flatMap { Data(base64Encoded: $0) }.map(Array.init)
    }

    /// The line as written: compact JSON with sorted keys, no newline.
    package func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
