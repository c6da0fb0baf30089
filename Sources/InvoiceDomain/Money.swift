/// An exact, non-negative amount in hundredths of the currency unit.
///
/// Invoice amounts must add up to the cent, so they are never `Double`. The only text
/// form accepted is a plain decimal string with at most two places ("21", "21.5",
/// "21.00"); the canonical form always has two ("21.00").
package struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in cents (hundredths).
    package let cents: Int64

    /// Creates an amount from cents; `nil` when negative.
    package init?(cents: Int64) {
        guard cents >= 0 else { return nil }
        self.cents = cents
    }

    /// Zero, the neutral element of sums.
    package static let zero = Money(uncheckedCents: 0)

    init(uncheckedCents: Int64) {
        self.cents = uncheckedCents
    }

    /// Parses a decimal string: digits, optionally a point and one or two digits.
    ///
    /// Rejects signs, exponents, spaces, grouping separators, a third decimal place and
    /// amounts beyond `Int64.max` cents.
    /// - Parameter text: the amount as it appears in the invoice.
    /// - Returns: the amount, or `nil` when `text` is not in that form.
    package init?(_ text: some StringProtocol) {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var wholeDigits = 0
        var seenPoint = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, wholeDigits > 0 else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte &- UInt8(ascii: "0"))
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= 2 else { return nil }
                fraction = fraction * 10 + digit
            } else {
                wholeDigits += 1
                let (shifted, overflowA) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = shifted.addingReportingOverflow(digit)
                guard !overflowA, !overflowB else { return nil }
                whole = sum
            }
        }
        // "5." and "" are not amounts.
        guard wholeDigits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let (scaled, overflowA) = whole.multipliedReportingOverflow(by: 100)
        let (cents, overflowB) = scaled.addingReportingOverflow(fraction)
        guard !overflowA, !overflowB else { return nil }
        self.cents = cents
    }

    /// The canonical form with exactly two decimal places, e.g. "21.00".
    package var description: String {
        let fraction = cents % 100
        return "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
}

// MARK: - Codable

extension Money: Codable {
    /// Amounts travel as strings, like in the invoice file, so no decoder rounds them.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let money = Money(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a decimal amount with at most 2 places")
        }
        self = money
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
