/// A setting that cannot be used as given: the process stops at start with this line.
package enum SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where a value came from.
    package enum Origin: Sendable, Equatable {
        case flag(String)
        case variable(String)
    }

    case invalidValue(origin: Origin, value: String, expected: String)
    case unknownFlag(String)
    case missingValue(flag: String)
    case unexpectedArgument(String)
    /// Settings that are each valid but do not fit together.
    case inconsistent(String)

    /// What a secret's value is shown as.
    package static let redacted = "<redacted>"

    package var description: String {
        switch self {
        case let .invalidValue(.flag(flag), value, expected):
            "--\(flag) \(value): expected \(expected)"
        case let .invalidValue(.variable(variable), value, expected):
            "\(variable)=\(value): expected \(expected)"
        case let .unknownFlag(flag):
            "unknown option --\(flag) (see --help for the settings of this command)"
        case let .missingValue(flag):
            "--\(flag) needs a value"
        case let .unexpectedArgument(argument):
            "unexpected argument \(argument)"
        case let .inconsistent(message):
            message
        }
    }
}
