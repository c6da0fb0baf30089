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
        var text = String(text)
        return text.withUTF8 { scaled($0, places: places) }
    }

    // Reads the bytes in place: the mantissa's digits are two runs of `bytes` (before and
    // after the point), addressed as one sequence by `digit(_:)`.
    private static func scaled(_ bytes: UnsafeBufferPointer<UInt8>, places: Int) -> Result<Int64, Failure> {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerCount = index - integerStart
        guard integerCount > 0 else { return .failure(.malformed) }
        var fractionStart = index
        var fractionCount = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fractionCount = index - fractionStart
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

        /// The mantissa's digits with the point removed, `0 ..< integerCount + fractionCount`.
        func digit(_ position: Int) -> Int64 {
            let byte = position < integerCount ? bytes[integerStart + position] : bytes[fractionStart + position - integerCount]
            return Int64(byte &- UInt8(ascii: "0"))
        }
        var start = 0
        var end = integerCount + fractionCount
        while start < end, digit(start) == 0 { start += 1 }
        guard start < end else { return .success(0) }
        if negative { return .failure(.negative) }
        // value = digits[start ..< end] × 10^shift units
        var shift = exponent - fractionCount + places
        while shift < 0 {
            guard start < end, digit(end - 1) == 0 else { return .failure(.tooManyPlaces) }
            end -= 1
            shift += 1
        }
        var value: Int64 = 0
        for position in start ..< end {
            guard let next = appendDigit(value, digit(position)) else { return .failure(.tooLarge) }
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
