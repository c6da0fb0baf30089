/// Exact reading of the plain decimal strings an invoice writes its money and unit
/// prices in: digits, optionally a point and up to `places` digits ("21", "21.5",
/// "0.3333333333"). No sign, exponent, spaces or grouping separators.
enum PlainDecimal {
    enum Failure: Error, Equatable {
        /// Not digits with an optional point and fraction.
        case malformed
        /// Starts with a minus sign.
        case negative
        /// More fraction digits than allowed (even trailing zeros: the schema's format).
        case tooManyPlaces
        /// Larger than the caller's limit.
        case tooLarge
    }

    /// - Returns: `value × 10^places`, exactly, when it is at most `limit`.
    static func scaled(_ text: some StringProtocol, places: Int, limit: Int128) -> Result<Int128, Failure> {
        var value: Int128 = 0
        var wholeDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        var isFirst = true
        for byte in text.utf8 {
            defer { isFirst = false }
            if byte == UInt8(ascii: "-"), isFirst { return .failure(negativeOrMalformed(text)) }
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, wholeDigits > 0 else { return .failure(.malformed) }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return .failure(.malformed) }
            if seenPoint { fractionDigits += 1 } else { wholeDigits += 1 }
            // Past `places` digits the answer is decided, but the rest must still be digits.
            guard fractionDigits <= places else { continue }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int128(byte &- UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return .failure(.tooLarge) }
            value = sum
        }
        // "5." and "" are not numbers.
        guard wholeDigits > 0, !seenPoint || fractionDigits > 0 else { return .failure(.malformed) }
        guard fractionDigits <= places else { return .failure(.tooManyPlaces) }
        for _ in fractionDigits ..< places {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return .failure(.tooLarge) }
            value = shifted
        }
        return value <= limit ? .success(value) : .failure(.tooLarge)
    }

    /// "-5" is a negative number; "-" or "--5" is no number at all.
    private static func negativeOrMalformed(_ text: some StringProtocol) -> Failure {
        scaled(text.dropFirst(), places: 64, limit: .max) == .failure(.malformed) ? .malformed : .negative
    }

    /// `units × 10^-places` as decimal text with at least `minimumPlaces` and no
    /// trailing zeros beyond them: (15495, 3, 2) is "15.495", (2100, 2, 2) is "21.00".
    static func text(_ units: Int128, places: Int, minimumPlaces: Int) -> String {
        var divisor: Int128 = 1
        for _ in 0 ..< places { divisor *= 10 }
        let whole = units / divisor
        var fraction = String(units % divisor)
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        while fraction.count > minimumPlaces, fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}

extension PlainDecimal {
    /// Like `text`, with a minus sign below zero (a discount larger than the items).
    static func signedText(_ units: Int128, places: Int) -> String {
        units < 0 ? "-" + text(-units, places: places, minimumPlaces: places) : text(units, places: places, minimumPlaces: places)
    }
}

/// Amounts that travel as decimal strings, like in the invoice file, so that no JSON
/// decoder rounds them through a binary floating-point number.
package protocol DecimalTextCodable: Codable, CustomStringConvertible {
    init?(_ text: String)
    /// What a decoding error says the text should have been.
    static var expectedForm: String { get }
}

extension DecimalTextCodable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not \(Self.expectedForm)")
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
