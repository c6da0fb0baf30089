import Foundation

/// A histogram of latencies in whole milliseconds, with log-spaced buckets: every
/// millisecond up to 17 ms, then 40 buckets a decade (each about 6% wider than the one
/// before), so that one shape shows both a 2 ms body and a 20 minute tail.
package struct LatencyDistribution: Codable, Sendable, Equatable {
    /// Bucket `i` holds latencies in `[edgesMilliseconds[i], edgesMilliseconds[i + 1])`;
    /// one more edge than counts, from the bucket of the lowest latency to that of the highest.
    package var edgesMilliseconds: [Int]
    package var counts: [Int]

    package static let bucketsPerDecade = 40.0

    package init(edgesMilliseconds: [Int], counts: [Int]) {
        self.edgesMilliseconds = edgesMilliseconds
        self.counts = counts
    }

    /// Latencies above this (about 31,700 years: a broken timestamp) count as this.
    static let highest = 1_000_000_000_000_000

    /// - Parameter samples: latencies in milliseconds; negative ones count as 0.
    package init(samples: [Int64]) {
        let values = samples.map { Int(min(max(0, $0), Int64(Self.highest))) }
        guard let lowest = values.min(), let highest = values.max() else {
            self.init(edgesMilliseconds: [], counts: [])
            return
        }
        let all = Self.edges(through: highest)
        let first = Self.bucket(of: lowest, in: all)
        let last = Self.bucket(of: highest, in: all)
        var counts = [Int](repeating: 0, count: last - first + 1)
        for value in values { counts[Self.bucket(of: value, in: all) - first] += 1 }
        self.init(edgesMilliseconds: Array(all[first ... last + 1]), counts: counts)
    }

    /// Whether no latency was counted.
    package var isEmpty: Bool { counts.allSatisfy { $0 == 0 } }

    /// 0, then ⌊10^(k/40)⌋ without repeats, until one edge lies above `highest`.
    static func edges(through highest: Int) -> [Int] {
        var edges = [0]
        var step = 0.0
        while edges[edges.count - 1] <= highest {
            // The nudge keeps exact powers of ten (10, 100…) from flooring to one below.
            let edge = Int(pow(10, step / bucketsPerDecade) + 1e-9)
            if edge > edges[edges.count - 1] { edges.append(edge) }
            step += 1
        }
        return edges
    }

    /// The index of the bucket holding `value`: the last edge not above it.
    static func bucket(of value: Int, in edges: [Int]) -> Int {
        var low = 0, high = edges.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if edges[middle] <= value { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
