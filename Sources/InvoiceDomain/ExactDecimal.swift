/// Exact conversion of a JSON number's text to an integer count of 10^-places units.
///
/// JSON numbers are decimal text; going through `Double` would turn 0.3 into
/// 0.299999…, so the digits are scaled by hand and anything not exactly representable
/// is reported instead of rounded.
enum ExactDecimal {
    enum Failure: Error, Equatable {
        /// Not of the form `-?digits(.digits)?([eE][+-]?digits)?`.
        case malformed
        /// Below zero (negative zero counts as zero).
        case negative
        /// Non-zero digits beyond `places` decimal places.
        case tooManyPlaces
        /// Larger than `Int64.max` units.
        case tooLarge
    }

    /// - Parameters:
    ///   - text: a JSON number, e.g. "1.5", "2", "15e-1".
    ///   - places: how many decimal places one unit of the result has.
    /// - Returns: `value × 10^places`, exactly.
    static func scaled(_ text: some StringProtocol, places: Int) -> Result<Int64, Failure> {
        let bytes = Array(text.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        // Significant digits of the mantissa, with the point removed.
        var digits: [UInt8] = []
        var fractionCount = 0
        var integerCount = 0
        while index < bytes.count, isDigit(bytes[index]) {
            digits.append(bytes[index] &- UInt8(ascii: "0"))
            integerCount += 1
            index += 1
        }
        guard integerCount > 0 else { return .failure(.malformed) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                digits.append(bytes[index] &- UInt8(ascii: "0"))
                fractionCount += 1
                index += 1
            }
            guard fractionCount > 0 else { return .failure(.malformed) }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < bytes.count, isDigit(bytes[index]) {
                // Clamp: past a million the answer is "too large" or "too many places" anyway.
                exponent = min(exponent * 10 + Int(bytes[index] &- UInt8(ascii: "0")), 1_000_000)
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return .failure(.malformed) }
            if exponentNegative { exponent = -exponent }
        }
        guard index == bytes.count else { return .failure(.malformed) }

        guard let firstNonZero = digits.firstIndex(where: { $0 != 0 }) else { return .success(0) }
        if negative { return .failure(.negative) }
        var significant = digits[firstNonZero...]
        // value = significant × 10^shift units
        var shift = exponent - fractionCount + places
        while shift < 0 {
            guard let last = significant.last, last == 0 else { return .failure(.tooManyPlaces) }
            significant.removeLast()
            shift += 1
        }
        var value: Int64 = 0
        for digit in significant {
            guard let next = appendDigit(value, Int64(digit)) else { return .failure(.tooLarge) }
            value = next
        }
        guard shift <= 19 else { return .failure(.tooLarge) }
        for _ in 0..<shift {
            guard let next = appendDigit(value, 0) else { return .failure(.tooLarge) }
            value = next
        }
        return .success(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func appendDigit(_ value: Int64, _ digit: Int64) -> Int64? {
        let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowB) = shifted.addingReportingOverflow(digit)
        return overflowA || overflowB ? nil : sum
    }
}
