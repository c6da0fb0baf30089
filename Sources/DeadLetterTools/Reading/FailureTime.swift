import Foundation

/// Reads the times operators type and the times dead letters carry.
///
/// Pure: the current time is passed in, so `2h` means the same thing in a test every run.
package enum FailureTime {
    /// Parses a bound of `--since` or `--until`: ISO 8601 (`2026-11-24T10:15:00Z`, with an
    /// offset or fractional seconds, or a bare date meaning its midnight UTC), `now`, or an
    /// age such as `90s`, `30m`, `2h`, `1d`, `1w` counted back from `now`.
    /// - Throws: `DeadLetterToolError.invalidFilter` naming the text it could not read.
    package static func parseBound(_ text: String, now: Date) throws(DeadLetterToolError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "now" { return now }
        if let age = relativeAge(trimmed) { return now.addingTimeInterval(-age) }
        if let date = parseTimestamp(trimmed) { return date }
        throw .invalidFilter("cannot read time '\(text)': use ISO 8601 (2026-11-24T10:15:00Z, 2026-11-24) or an age like 30m, 2h, 1d")
    }

    /// Parses an ISO 8601 timestamp such as a `failed.at` header; `nil` if it is not one.
    package static func parseTimestamp(_ text: String) -> Date? {
        // ISO8601DateFormatter is not Sendable, so each call makes its own; the callers
        // parse one header per record, which this cost does not dominate.
        let optionSets: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime],
            [.withInternetDateTime, .withFractionalSeconds],
            [.withFullDate],
        ]
        for options in optionSets {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Formats a time as ISO 8601 UTC with whole seconds, as reports show it.
    package static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Seconds in an age like `30m`; `nil` if `text` is not one.
    static func relativeAge(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let amount = Double(text.dropLast()), amount >= 0,
              text.dropLast().allSatisfy(\.isNumber)
        else { return nil }
        let seconds: TimeInterval? = switch unit {
        case "s": 1
        case "m": 60
        case "h": 3600
        case "d": 86400
        case "w": 604_800
        default: nil
        }
        return seconds.map { $0 * amount }
    }
}
