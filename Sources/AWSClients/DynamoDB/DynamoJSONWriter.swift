import Foundation

/// Writes DynamoDB's JSON attribute encoding (`{"S": "…"}`, `{"M": {…}}`) straight into
/// bytes.
///
/// `BatchWriteItem` bodies are the worker's largest output, and `JSONEncoder` spent most of
/// the worker's CPU per invoice on them (about 190 µs of 310 for a 10-item invoice, see
/// `invoice-fleet benchmark cpu`). The output is what `JSONEncoder` gives with
/// `.sortedKeys` and `.withoutEscapingSlashes`, which `DynamoValue`'s `Decodable` reads.
package enum DynamoJSONWriter {
    /// Appends `item` as a JSON object of attribute values, keys sorted.
    package static func write(item: DynamoItem, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        // Sorting the pairs spares a lookup (a hash) per attribute.
        for (name, value) in item.sorted(by: { $0.key < $1.key }) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            write(string: name, into: &out)
            out.append(UInt8(ascii: ":"))
            write(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends one attribute value: an object with exactly one type key.
    package static func write(_ value: DynamoValue, into out: inout [UInt8]) {
        switch value {
        case let .string(text): write(raw: #"{"S":"#, into: &out); write(string: text, into: &out)
        case let .number(text): write(raw: #"{"N":"#, into: &out); write(string: text, into: &out)
        case let .binary(bytes): write(raw: #"{"B":"#, into: &out); write(string: Data(bytes).base64EncodedString(), into: &out)
        case let .bool(flag): write(raw: flag ? #"{"BOOL":true"# : #"{"BOOL":false"#, into: &out)
        case .null: write(raw: #"{"NULL":true"#, into: &out)
        case let .list(values):
            write(raw: #"{"L":["#, into: &out)
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .map(values): write(raw: #"{"M":"#, into: &out); write(item: values, into: &out)
        case let .stringSet(texts): write(raw: #"{"SS":"#, into: &out); write(strings: texts, into: &out)
        case let .numberSet(texts): write(raw: #"{"NS":"#, into: &out); write(strings: texts, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `text` as a JSON string: `"` and `\` escaped, control characters as
    /// `\n`, `\t`, … or `\u00XX`, `/` as `\/` when `escapingSlashes` (`JSONEncoder`'s
    /// default), everything else (non-ASCII included) as is.
    package static func write(string text: String, escapingSlashes: Bool = false, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs without escapes, the whole string as a rule, are copied at once.
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                    || (escapingSlashes && byte == UInt8(ascii: "/")) else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< index]))
                writeEscape(byte, into: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends ASCII that needs no escaping, such as a member name with its quotes.
    package static func write(raw text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func writeEscape(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x00 ..< 0x20:
            let hex: StaticString = "0123456789abcdef"
            write(raw: "u00", into: &out)
            out.append(hex.utf8Start[Int(byte >> 4)])
            out.append(hex.utf8Start[Int(byte & 0x0F)])
        default: out.append(byte) // `"`, `\` and `/`
        }
    }

    private static func write(strings: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, text) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(string: text, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
