/// HTML text helpers for the report page.
enum HTML {
    /// Escapes text for an element's content or a quoted attribute value: every string
    /// taken from a report goes through here, since object keys and codes are arbitrary.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
