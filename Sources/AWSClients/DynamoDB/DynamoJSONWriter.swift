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
        for name in item.keys.sorted() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            write(string: name, into: &out)
            out.append(UInt8(ascii: ":"))
            write(item[name]!, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends one attribute value: an object with exactly one type key.
    package static func write(_ value: DynamoValue, into out: inout [UInt8]) {
        func open(_ type: StaticString) {
            out.append(UInt8(ascii: "{"))
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount))
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        switch value {
        case let .string(text): open("S"); write(string: text, into: &out)
        case let .number(text): open("N"); write(string: text, into: &out)
        case let .binary(bytes): open("B"); write(string: Data(bytes).base64EncodedString(), into: &out)
        case let .bool(flag): open("BOOL"); out.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case .null: open("NULL"); out.append(contentsOf: Array("true".utf8))
        case let .list(values):
            open("L")
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .map(values): open("M"); write(item: values, into: &out)
        case let .stringSet(texts): open("SS"); write(strings: texts, into: &out)
        case let .numberSet(texts): open("NS"); write(strings: texts, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `text` as a JSON string: `"` and `\` escaped, control characters as
    /// `\n`, `\t`, … or `\u00XX`, everything else (non-ASCII and `/` included) as is.
    package static func write(string text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0x00 ..< 0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
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
