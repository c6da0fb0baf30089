/// A JSON document the generator writes byte for byte, including documents no JSON
/// library would produce: duplicate keys (objects are ordered pairs) and invalid
/// UTF-8 inside strings.
enum JSONNode {
    case object([(String, JSONNode)])
    case array([JSONNode])
    case string(String)
    /// The number's exact text.
    case number(String)
    /// Bytes written between quotes as they are, to plant invalid UTF-8.
    case rawString([UInt8])
    case bool(Bool)
    case null

    /// How to lay the text out; each choice must parse to the same invoice.
    struct Style {
        /// Newlines and two-space indentation, as a person or a pretty-printer writes.
        var pretty = false
        /// `\uXXXX` escapes instead of UTF-8 for non-ASCII characters.
        var escapeNonASCII = false
    }

    func bytes(style: Style = Style()) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(2048)
        write(into: &output, style: style, indent: 0)
        return output
    }

    // MARK: - Path edits

    /// Applies `edit` to the member at `path` ("items", "2", "quantity"); setting it
    /// to `nil` removes the member.
    mutating func update(_ path: ArraySlice<String>, _ edit: (inout JSONNode?) -> Void) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        switch self {
        case .object(var members):
            guard let position = members.firstIndex(where: { $0.0 == head }) else { return }
            if rest.isEmpty {
                var value: JSONNode? = members[position].1
                edit(&value)
                if let value { members[position].1 = value } else { members.remove(at: position) }
            } else {
                members[position].1.update(rest, edit)
            }
            self = .object(members)
        case .array(var elements):
            guard let position = Int(head), elements.indices.contains(position) else { return }
            if rest.isEmpty {
                var value: JSONNode? = elements[position]
                edit(&value)
                if let value { elements[position] = value } else { elements.remove(at: position) }
            } else {
                elements[position].update(rest, edit)
            }
            self = .array(elements)
        default:
            return
        }
    }

    mutating func set(_ path: [String], to value: JSONNode) {
        update(path[...]) { $0 = value }
    }

    mutating func remove(_ path: [String]) {
        update(path[...]) { $0 = nil }
    }

    /// Appends a member to the object at `path` (the root when empty), even when the
    /// key is already there.
    mutating func append(_ key: String, _ value: JSONNode, at path: [String] = []) {
        guard !path.isEmpty else {
            if case .object(var members) = self {
                members.append((key, value))
                self = .object(members)
            }
            return
        }
        update(path[...]) { node in node?.append(key, value) }
    }

    // MARK: - Writing

    private func write(into output: inout [UInt8], style: Style, indent: Int) {
        switch self {
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, (key, value)) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, style, indent + 1)
                Self.writeString(key, into: &output, style: style)
                output.append(UInt8(ascii: ":"))
                if style.pretty { output.append(UInt8(ascii: " ")) }
                value.write(into: &output, style: style, indent: indent + 1)
            }
            if !members.isEmpty { Self.newline(&output, style, indent) }
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, style, indent + 1)
                element.write(into: &output, style: style, indent: indent + 1)
            }
            if !elements.isEmpty { Self.newline(&output, style, indent) }
            output.append(UInt8(ascii: "]"))
        case .string(let text):
            Self.writeString(text, into: &output, style: style)
        case .number(let text):
            output.append(contentsOf: text.utf8)
        case .rawString(let bytes):
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: bytes)
            output.append(UInt8(ascii: "\""))
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        }
    }

    private static func newline(_ output: inout [UInt8], _ style: Style, _ indent: Int) {
        guard style.pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private static func writeString(_ text: String, into output: inout [UInt8], style: Style) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append(contentsOf: #"\""#.utf8)
            case "\\": output.append(contentsOf: #"\\"#.utf8)
            case "\n": output.append(contentsOf: #"\n"#.utf8)
            case "\t": output.append(contentsOf: #"\t"#.utf8)
            case "\r": output.append(contentsOf: #"\r"#.utf8)
            case _ where scalar.value < 0x20 || (style.escapeNonASCII && scalar.value > 0x7E):
                // UTF-16 code units, so characters beyond the BMP become surrogate pairs.
                for unit in String(scalar).utf16 {
                    output.append(contentsOf: "\\u".utf8)
                    let hex = String(unit, radix: 16, uppercase: false)
                    output.append(contentsOf: (String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            default:
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
