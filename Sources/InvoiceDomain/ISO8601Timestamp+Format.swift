import struct Foundation.Date

extension ISO8601Timestamp {
    /// Formats `date` as local time at `offsetMinutes` from UTC, with whole seconds and
    /// `Z` for a zero offset, e.g. `2026-11-24T10:15:00-03:00`.
    /// - Parameter fractionDigits: 0 (whole seconds) to 9 digits of the second, truncated.
    package static func format(_ date: Date, offsetMinutes: Int, fractionDigits: Int = 0) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let local = Int(seconds) + offsetMinutes * 60
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // Written into bytes: every table item carries one, and concatenating a dozen
        // small strings cost more than the calendar arithmetic.
        var text = DigitWriter()
        text.pad(year, 4); text.append("-"); text.pad(month, 2); text.append("-"); text.pad(day, 2); text.append("T")
        text.pad(secondOfDay / 3600, 2); text.append(":"); text.pad(secondOfDay / 60 % 60, 2); text.append(":")
        text.pad(secondOfDay % 60, 2)
        if fractionDigits > 0 {
            let digits = min(fractionDigits, 9)
            var scale = 1.0
            for _ in 0 ..< digits { scale *= 10 }
            text.append(".")
            text.pad(Int(((date.timeIntervalSince1970 - seconds) * scale).rounded(.down)), digits)
        }
        if offsetMinutes == 0 {
            text.append("Z")
        } else {
            let magnitude = abs(offsetMinutes)
            text.append(offsetMinutes < 0 ? "-" : "+"); text.pad(magnitude / 60, 2); text.append(":"); text.pad(magnitude % 60, 2)
        }
        return text.string
    }

    /// ASCII text of a timestamp, built in bytes.
    private struct DigitWriter {
        private var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(40) }

        var string: String { String(decoding: bytes, as: UTF8.self) }

        mutating func append(_ character: Unicode.Scalar) { bytes.append(UInt8(ascii: character)) }

        /// `value` in decimal, left-padded with zeros to `width` characters (a sign included).
        mutating func pad(_ value: Int, _ width: Int) {
            var digits = 1
            var rest = value.magnitude / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            let sign = value < 0 ? 1 : 0
            for _ in 0 ..< max(0, width - digits - sign) { append("0") }
            if sign == 1 { append("-") }
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
            var remaining = value.magnitude
            for index in (start ..< start + digits).reversed() {
                bytes[index] = UInt8(ascii: "0") &+ UInt8(remaining % 10)
                remaining /= 10
            }
        }
    }
}
