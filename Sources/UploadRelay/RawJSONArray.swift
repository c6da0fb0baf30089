/// Finds the elements of one array member of a top-level JSON object as byte ranges of
/// the original text, so that each element can be forwarded exactly as it was written.
///
/// Only the structure is scanned (strings, nesting, separators); callers validate the
/// document beforehand (the relay parses it with `JSONSerialization` first).
enum RawJSONArray {
    /// The byte ranges of the elements of `member` in the top-level object of `json`.
    ///
    /// - Returns: `nil` if `json` is not an object, or `member` is absent or not an array.
    static func elements(of member: String, in json: [UInt8]) -> [Range<Int>]? {
        var scanner = Scanner(bytes: json)
        let name = Array(member.utf8)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        while true {
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: "}")) { return nil }
            guard let key = scanner.string() else { return nil }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            // Keys are compared as written: S3 never escapes "Records".
            if json[key].elementsEqual(name) {
                return scanner.arrayElements()
            }
            guard scanner.skipValue() else { return nil }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ",")) else { return nil }
        }
    }

    /// A cursor over JSON text. Every method leaves the cursor after what it read and
    /// returns `nil`/`false` on text that is not well-formed there.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        /// Reads a string. - Returns: the range of its content, between the quotes.
        mutating func string() -> Range<Int>? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    return start ..< index - 1
                default: index += 1
                }
            }
            return nil
        }

        /// Skips one value of any kind, nested ones included.
        mutating func skipValue() -> Bool {
            switch current {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                // Brackets are balanced once strings are skipped whole: count depth only.
                var depth = 0
                while let byte = current {
                    switch byte {
                    case UInt8(ascii: "\""):
                        guard string() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                    default: break
                    }
                    index += 1
                    if depth == 0 { return true }
                }
                return false
            case nil:
                return false
            default:
                // A number or a literal: up to the next separator.
                let start = index
                while let byte = current, !Self.ends(byte) { index += 1 }
                return index > start
            }
        }

        /// Reads an array. - Returns: the range of each element, without surrounding space.
        mutating func arrayElements() -> [Range<Int>]? {
            guard consume(UInt8(ascii: "[")) else { return nil }
            var ranges: [Range<Int>] = []
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return ranges }
            while true {
                skipWhitespace()
                let start = index
                guard skipValue() else { return nil }
                ranges.append(start ..< index)
                skipWhitespace()
                if consume(UInt8(ascii: "]")) { return ranges }
                guard consume(UInt8(ascii: ",")) else { return nil }
            }
        }

        private static func ends(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }
    }
}
