import struct Foundation.Decimal

/// An exact, non-negative item quantity with up to four decimal places (1.5 kg, 0.125 m).
///
/// Parsed from the JSON number's text, never through `Double`, so that
/// quantity × unit price can be compared with the item total exactly.
package struct Quantity: Sendable, Hashable, Comparable, DecimalText {
    /// How many decimal places a quantity may have.
    package static let decimalPlaces = 4
    static let scale: Int64 = 10_000

    /// The quantity in ten-thousandths (1.5 is 15_000).
    package let tenThousandths: Int64

    /// Creates a quantity from ten-thousandths; `nil` when negative.
    package init?(tenThousandths: Int64) {
        guard tenThousandths >= 0 else { return nil }
        self.tenThousandths = tenThousandths
    }

    /// Parses a JSON number such as "2", "1.5" or "15e-1".
    /// - Returns: the quantity, or `nil` when negative, malformed, with non-zero digits
    ///   beyond four decimal places, or too large.
    package init?(_ text: some StringProtocol) {
        guard case .success(let value) = ExactDecimal.scaled(text, places: Self.decimalPlaces) else {
            return nil
        }
        self.tenThousandths = value
    }

    /// The shortest exact decimal form: "2", "1.5", "0.125" (`description`).
    package func appendText(to bytes: inout [UInt8]) {
        let whole = UInt64(tenThousandths / Self.scale)
        var fraction = UInt64(tenThousandths % Self.scale)
        guard fraction != 0 else { return DecimalDigits.append(whole, to: &bytes) }
        var places = Self.decimalPlaces
        while fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        DecimalDigits.append(whole: whole, fraction: fraction, places: places, to: &bytes)
    }

    package static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.tenThousandths < rhs.tenThousandths }
}

// MARK: - Codable

extension Quantity: Codable {
    /// Quantities travel as JSON numbers, like in the invoice file. `Decimal` carries
    /// them because Foundation's JSON coders read and write its digits without rounding.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let decimal = try container.decode(Decimal.self)
        guard let quantity = Quantity(decimal.description) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(decimal) is not a quantity with at most 4 decimal places")
        }
        self = quantity
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        // The description is exact decimal text, so this conversion cannot round.
        try container.encode(Decimal(string: description) ?? 0)
    }
}
