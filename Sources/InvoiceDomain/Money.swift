/// An exact, non-negative amount in hundredths of the currency unit.
///
/// Invoice amounts must add up to the cent, so they are never `Double`. The only text
/// form accepted is a plain decimal string with at most two places ("21", "21.5",
/// "21.00"); the canonical form always has two ("21.00").
package struct Money: Sendable, Hashable, Comparable, DecimalText {
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
        guard case .success(let cents) = Self.parse(text) else { return nil }
        self.cents = Int64(cents)
    }

    static func parse(_ text: some StringProtocol) -> Result<Int128, PlainDecimal.Failure> {
        PlainDecimal.scaled(text, places: 2, limit: Int128(Int64.max))
    }

    /// The canonical form with exactly two decimal places, e.g. "21.00" (`description`).
    package func appendText(to bytes: inout [UInt8]) {
        DecimalDigits.append(whole: UInt64(cents / 100), fraction: UInt64(cents % 100), places: 2, to: &bytes)
    }

    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
}

// MARK: - Codable

extension Money: DecimalTextCodable {
    package static let expectedForm = "a decimal amount with at most 2 places"
}
