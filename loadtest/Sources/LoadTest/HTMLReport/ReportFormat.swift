import Foundation

/// How the HTML report writes numbers: grouped digits, and durations in the unit a
/// person reads fastest (ms below a second, seconds below a minute, then m:ss).
enum ReportFormat {
    /// `12345` → `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// A decimal with at most `digits` places and no trailing zeros: `2.50` → `2.5`.
    static func decimal(_ value: Double, digits: Int = 1) -> String {
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `850 ms`, `1.25 s`, `100 s`, `12.5 min`, `3 h`, for latencies: the unit that keeps
    /// the number short.
    static func milliseconds(_ value: Double) -> String {
        let magnitude = value.magnitude
        if magnitude < 1000 { return "\(count(Int(value.rounded()))) ms" }
        if magnitude < 120_000 { return "\(decimal(value / 1000, digits: 2)) s" }
        if magnitude < 7_200_000 { return "\(decimal(value / 60_000, digits: 1)) min" }
        return "\(decimal(value / 3_600_000, digits: 1)) h"
    }

    /// Seconds as `45 s`, `2:05` or `1:02:05`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let tail = String(format: "%02d:%02d", minutes, rest)
        return hours > 0 ? "\(hours):\(tail)" : String(format: "%d:%02d", minutes, rest)
    }

    /// `0.05` → `5%`.
    static func percent(_ share: Double) -> String { "\(decimal(share * 100, digits: 2))%" }
}
