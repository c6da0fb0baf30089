/// An exact, non-negative unit price with up to ten decimal places (vUnCom: 0.3333333333
/// per hour), up to 11 whole digits as the NF-e allows.
///
/// Held in 10^-10 units in 128 bits, so that quantity × unit price is exact whatever
/// the sizes. Travels as a decimal string, like money.
package struct UnitPrice: Sendable, Hashable, Comparable, DecimalText {
    /// How many decimal places a unit price may have.
    package static let decimalPlaces = 10
    /// 99,999,999,999.9999999999, the largest the schema's format can write.
    static let limit: Int128 = 1_000_000_000_000_000_000_000 - 1

    /// The price in 10^-10 units (10.50 is 105_000_000_000).
    package let units: Int128

    /// Parses a decimal string such as "10.50" or "0.3333333333".
    /// - Returns: `nil` when negative, malformed, with more than ten places, or too large.
    package init?(_ text: some StringProtocol) {
        guard case .success(let units) = Self.parse(text) else { return nil }
        self.units = units
    }

    init(uncheckedUnits: Int128) {
        units = uncheckedUnits
    }

    /// The price of `money`, exactly.
    package init(_ money: Money) {
        units = Int128(money.cents) * 100_000_000
    }

    static func parse(_ text: some StringProtocol) -> Result<Int128, PlainDecimal.Failure> {
        PlainDecimal.scaled(text, places: decimalPlaces, limit: limit)
    }

    /// At least two places, no trailing zeros beyond: "10.50", "0.3333333333" (`description`).
    package func appendText(to bytes: inout [UInt8]) {
        let scale: Int128 = 10_000_000_000 // 10^decimalPlaces
        var fraction = UInt64(units % scale)
        var places = Self.decimalPlaces
        while places > 2, fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        DecimalDigits.append(whole: UInt64(units / scale), fraction: fraction, places: places, to: &bytes)
    }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.units < rhs.units }
}

extension UnitPrice: DecimalTextCodable {
    package static let expectedForm = "a unit price with at most 10 decimal places"
}
