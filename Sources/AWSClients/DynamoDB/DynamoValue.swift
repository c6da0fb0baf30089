import Foundation

/// One attribute value in DynamoDB's JSON encoding (`{"S": "…"}`, `{"N": "…"}`, …).
///
/// Numbers are kept as their decimal text, exactly as DynamoDB sends them: a `Double`
/// would turn `"0.10"` into `0.1000000000000000055…`, and money must never take that path.
package enum DynamoValue: Sendable, Hashable {
    case string(String)
    /// A number as decimal text, e.g. `"21.00"`, `"-3"`, `"1E+2"`.
    case number(String)
    case binary([UInt8])
    case bool(Bool)
    case null
    case list([DynamoValue])
    case map([String: DynamoValue])
    case stringSet([String])
    case numberSet([String])

    /// A number from an integer.
    package static func integer(_ value: some BinaryInteger) -> DynamoValue { .number(String(value)) }

    /// A number from a `Decimal`, in plain (non-scientific) notation.
    package static func decimal(_ value: Decimal) -> DynamoValue { .number(value.description) }

    // MARK: - Reading

    /// The text of `.string`, else `nil`.
    package var stringValue: String? {
        if case let .string(value) = self { value } else { nil }
    }

    /// The decimal text of `.number`, else `nil`.
    package var numberText: String? {
        if case let .number(value) = self { value } else { nil }
    }

    /// `.number` as an `Int`, when it is one.
    package var intValue: Int? { numberText.flatMap { Int($0) } }

    /// `.number` as a `Decimal`, when it parses.
    package var decimalValue: Decimal? { numberText.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }

    package var boolValue: Bool? {
        if case let .bool(value) = self { value } else { nil }
    }

    package var mapValue: [String: DynamoValue]? {
        if case let .map(value) = self { value } else { nil }
    }

    package var listValue: [DynamoValue]? {
        if case let .list(value) = self { value } else { nil }
    }
}

/// An item (or a key): attribute names to values.
package typealias DynamoItem = [String: DynamoValue]

extension DynamoValue: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
}

extension DynamoValue: ExpressibleByBooleanLiteral {
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}
