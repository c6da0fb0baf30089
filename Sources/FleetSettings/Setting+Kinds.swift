/// The kinds of value the fleet's settings take, each with the form it accepts.
extension Setting {
    /// Free text; any non-empty value is accepted.
    package static func text(
        _ variable: String, flag: String, default value: String, help: String, isSecret: Bool = false
    ) -> Setting<String> {
        Setting<String>(
            variable, flag: flag, help: help, expected: "text", default: value,
            defaultText: value, isSecret: isSecret, parse: { $0 }
        )
    }

    /// Optional text: unset (or empty) is `nil`.
    package static func optionalText(
        _ variable: String, flag: String, help: String, isSecret: Bool = false
    ) -> Setting<String?> {
        Setting<String?>(
            variable, flag: flag, help: help, expected: "text", default: nil,
            defaultText: "none", isSecret: isSecret, parse: { $0 }
        )
    }

    /// A whole number within `range`.
    package static func integer(
        _ variable: String, flag: String, default value: Int, in range: ClosedRange<Int>, help: String
    ) -> Setting<Int> {
        Setting<Int>(
            variable, flag: flag, help: help, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)",
            default: value, defaultText: "\(value)", parse: { Int($0).flatMap { range.contains($0) ? $0 : nil } }
        )
    }

    /// A decimal number within `range`.
    package static func decimal(
        _ variable: String, flag: String, default value: Double, in range: ClosedRange<Double>, help: String
    ) -> Setting<Double> {
        Setting<Double>(
            variable, flag: flag, help: help, expected: "a number from \(range.lowerBound) to \(range.upperBound)",
            default: value, defaultText: "\(value)",
            parse: { Double($0).flatMap { $0.isFinite && range.contains($0) ? $0 : nil } }
        )
    }

    /// A duration written as a whole number of `unit`s (the variable's name says which).
    package static func duration(
        _ variable: String, flag: String, default value: Duration, unit: DurationUnit,
        in range: ClosedRange<Int>, help: String
    ) -> Setting<Duration> {
        Setting<Duration>(
            variable, flag: flag, help: help,
            expected: "a whole number of \(unit.name) from \(range.lowerBound) to \(range.upperBound)",
            default: value, defaultText: "\(unit.count(value))",
            parse: { Int($0).flatMap { range.contains($0) ? unit.duration($0) : nil } }
        )
    }

    /// A TCP port to listen on: 0 picks a free one, `none` serves nothing.
    package static func listenPort(_ variable: String, flag: String, default value: Int?, help: String) -> Setting<Int?> {
        Setting<Int?>(
            variable, flag: flag, help: help, expected: "a port from 0 to 65535, or none",
            default: value, defaultText: value.map(String.init) ?? "none",
            parse: { text in
                if text == "none" { return .some(nil) }
                return Int(text).flatMap { (0 ... 65535).contains($0) ? .some($0) : nil }
            }
        )
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
    package static func flag(_ variable: String, flag: String, default value: Bool, help: String) -> Setting<Bool> {
        Setting<Bool>(
            variable, flag: flag, help: help, expected: "true or false", default: value, defaultText: "\(value)",
            parse: { text in
                switch text.lowercased() {
                case "1", "true", "yes", "on": true
                case "0", "false", "no", "off": false
                default: nil
                }
            }
        )
    }

    /// One of a fixed set of words.
    package static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ variable: String, flag: String, default value: Choice, help: String
    ) -> Setting<Choice> where Choice.RawValue == String {
        Setting<Choice>(
            variable, flag: flag, help: help,
            expected: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "),
            default: value, defaultText: value.rawValue, parse: { Choice(rawValue: $0) }
        )
    }

    /// A comma-separated list; blanks are dropped.
    package static func list(_ variable: String, flag: String, help: String, isSecret: Bool = false) -> Setting<[String]> {
        Setting<[String]>(
            variable, flag: flag, help: help, expected: "a comma-separated list", default: [],
            defaultText: "none", isSecret: isSecret,
            parse: { text in
                text.split(separator: ",").map { String($0).trimmedOfWhitespace }.filter { !$0.isEmpty }
            }
        )
    }
}

/// The unit a duration setting is written in.
package enum DurationUnit: Sendable {
    case milliseconds, seconds

    var name: String {
        switch self {
        case .milliseconds: "milliseconds"
        case .seconds: "seconds"
        }
    }

    func duration(_ count: Int) -> Duration {
        switch self {
        case .milliseconds: .milliseconds(count)
        case .seconds: .seconds(count)
        }
    }

    func count(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        switch self {
        case .milliseconds: return seconds * 1000 + attoseconds / 1_000_000_000_000_000
        case .seconds: return seconds
        }
    }
}

extension String {
    var trimmedOfWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
