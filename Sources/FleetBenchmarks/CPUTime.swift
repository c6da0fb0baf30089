#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// CPU time (user + system) of this process or of another one, in seconds.
package enum CPUTime {
    /// This process, from getrusage.
    package static func ofSelf() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Another live process, from /proc/PID/stat (utime and stime, in clock ticks).
    package static func ofProcess(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name; utime and stime are fields 14 and 15 of the whole line.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
}

/// Percentiles of a sample, for benchmark reports.
package struct Percentiles: Sendable {
    private let sorted: [Double]

    package init(_ values: [Double]) { sorted = values.sorted() }

    package func value(at percentile: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((percentile / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    package var summary: String {
        String(format: "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms",
               value(at: 50), value(at: 90), value(at: 99), sorted.last ?? .nan)
    }
}

extension Duration {
    /// The duration in seconds, for printing figures.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
