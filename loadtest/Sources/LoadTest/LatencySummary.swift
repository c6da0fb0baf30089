import Histogram

/// End-to-end latency percentiles, in milliseconds: from the moment an upload finished
/// to the moment its outcome record was written (the record's Kafka timestamp).
package struct LatencySummary: Codable, Sendable, Equatable {
    /// Outcomes measured.
    package var count: Int
    package var p50: Int
    package var p90: Int
    package var p99: Int
    package var max: Int
    package var mean: Double
    /// Outcomes stamped before their upload returned (the fleet was faster than the
    /// PutObject response): counted as 0 ms.
    package var beforeUploadReturned: Int

    /// Longest latency tracked at full precision: one hour.
    static let highestTrackable: UInt64 = 3_600_000

    /// - Parameter samples: latencies in milliseconds; negative ones count as 0.
    package init(samples: [Int64]) {
        var histogram = Histogram<UInt64>(highestTrackableValue: Self.highestTrackable, numberOfSignificantValueDigits: .three)
        // Never drop a value: a pathological outlier is exactly what the report must show.
        histogram.autoResize = true
        var early = 0
        for sample in samples {
            if sample < 0 { early += 1 }
            _ = histogram.record(UInt64(Swift.max(sample, 0)))
        }
        count = samples.count
        beforeUploadReturned = early
        guard count > 0 else {
            p50 = 0; p90 = 0; p99 = 0; max = 0; mean = 0
            return
        }
        p50 = Int(histogram.valueAtPercentile(50))
        p90 = Int(histogram.valueAtPercentile(90))
        p99 = Int(histogram.valueAtPercentile(99))
        // The histogram's max is its bucket's upper edge; the exact value is at hand.
        max = Int(Swift.max(samples.max() ?? 0, 0))
        mean = (histogram.mean * 10).rounded() / 10
    }
}
