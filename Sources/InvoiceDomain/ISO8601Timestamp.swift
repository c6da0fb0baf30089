import struct Foundation.Date

/// Parses and formats ISO 8601 date-times with an explicit UTC offset
/// (`2026-11-24T10:15:00-03:00`, `2026-11-24T13:15:00.250Z`).
///
/// Hand-written for the one fixed layout invoices use: `ISO8601DateFormatter` is slow,
/// not `Sendable`, and accepts forms (no offset, week dates) the schema forbids.
package enum ISO8601Timestamp {
    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`.
    ///
    /// The fraction has 1 to 9 digits; `T` and `Z` may be lower case (RFC 3339); the
    /// calendar date must exist (no February 30) and a leap second (`:60`) is refused.
    /// - Returns: the instant, or `nil` when `text` is not in that form.
    package static func parse(_ text: some StringProtocol) -> Date? {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"),
              let month = scanner.number(2), scanner.skip("-"),
              let day = scanner.number(2), scanner.skip("T") || scanner.skip("t"),
              let hour = scanner.number(2), scanner.skip(":"),
              let minute = scanner.number(2), scanner.skip(":"),
              let second = scanner.number(2)
        else { return nil }
        var nanoseconds = 0
        if scanner.skip(".") {
            var digits = 0
            while digits < 9, let digit = scanner.number(1) {
                nanoseconds = nanoseconds * 10 + digit
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanoseconds *= 10 }
        }
        var offsetSeconds = 0
        if scanner.skip("Z") || scanner.skip("z") {
            offsetSeconds = 0
        } else {
            let sign: Int
            if scanner.skip("+") { sign = 1 } else if scanner.skip("-") { sign = -1 } else { return nil }
            guard let offsetHours = scanner.number(2), scanner.skip(":"), let offsetMinutes = scanner.number(2),
                  offsetHours <= 23, offsetMinutes <= 59
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard scanner.atEnd, year >= 1, (1...12).contains(month), day >= 1,
              day <= daysInMonth(year: year, month: month), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let localSeconds = daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second
        let seconds = Double(localSeconds - offsetSeconds) + Double(nanoseconds) / 1_000_000_000
        return Date(timeIntervalSince1970: seconds)
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian)

    private static let daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        month == 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Leap days in years 1…`year` (inclusive), for `year` ≥ 0.
    private static func leapDays(through year: Int) -> Int {
        year / 4 - year / 100 + year / 400
    }

    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let wholeYears = 365 * (year - 1970) + leapDays(through: year - 1) - leapDays(through: 1969)
        let leapThisYear = month > 2 && isLeap(year) ? 1 : 0
        return wholeYears + daysBeforeMonth[month - 1] + leapThisYear + day - 1
    }

    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        // Estimate the year, then correct: at most one step either way.
        var year = 1970 + Int((Double(days) / 365.2425).rounded(.down))
        while daysSinceEpoch(year: year, month: 1, day: 1) > days { year -= 1 }
        while daysSinceEpoch(year: year + 1, month: 1, day: 1) <= days { year += 1 }
        var remaining = days - daysSinceEpoch(year: year, month: 1, day: 1)
        var month = 1
        while remaining >= daysInMonth(year: year, month: month) {
            remaining -= daysInMonth(year: year, month: month)
            month += 1
        }
        return (year, month, remaining + 1)
    }

    /// A cursor over ASCII bytes that reads fixed-width numbers.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<width {
                let byte = bytes[index + offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
    }
}
