import Foundation

/// The two UTC renderings of a signing time: `20150830T123600Z` and `20150830`.
struct AMZDate: Sendable, Equatable {
    let dateTime: String
    let day: String

    init(_ date: Date) {
        // Computed by hand from the Unix time: DateFormatter is slow to build and its
        // thread safety has varied between platforms; the proleptic Gregorian calendar in
        // UTC is all SigV4 needs.
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        // Not String(format:): on Linux it costs more than the rest of the signature's
        // bookkeeping (seen with perf on a worker).
        self.day = Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(day, 2)
        dateTime = self.day + "T" + Self.digits(secondOfDay / 3600, 2) + Self.digits((secondOfDay % 3600) / 60, 2)
            + Self.digits(secondOfDay % 60, 2) + "Z"
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Howard Hinnant's `civil_from_days`: the Gregorian date of a day count since 1970-01-01.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
