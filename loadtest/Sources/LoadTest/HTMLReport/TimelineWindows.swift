/// The timeline's seconds merged into at most `limit` windows of equal width, so that a
/// day-long run draws as many points as a ten-minute one and the page stays small.
struct TimelineWindows {
    struct Window: Equatable {
        /// Seconds since the start of the run.
        var start: Double
        var width: Double
        /// Mean rates over the window.
        var uploadsPerSecond: Double
        var outcomesPerSecond: Double
        /// The worst second's figures, so that a spike survives the merge.
        var latency: LoadTestReport.Timeline.Percentiles?

        var middle: Double { start + width / 2 }
    }

    /// Seconds per window: 1 unless the run has more than `limit` seconds.
    let secondsPerWindow: Int
    let windows: [Window]

    init(_ seconds: [LoadTestReport.Timeline.Second], limit: Int = 600) {
        secondsPerWindow = max(1, (seconds.count + limit - 1) / max(1, limit))
        windows = stride(from: 0, to: seconds.count, by: secondsPerWindow).map { [secondsPerWindow] start in
            let slice = seconds[start ..< min(start + secondsPerWindow, seconds.count)]
            let width = Double(slice.count)
            let latencies = slice.compactMap(\.latencyMilliseconds)
            return Window(
                start: Double(start), width: width,
                uploadsPerSecond: Double(slice.map(\.uploads).reduce(0, +)) / width,
                outcomesPerSecond: Double(slice.map(\.outcomes).reduce(0, +)) / width,
                latency: latencies.isEmpty ? nil : .init(
                    p50: latencies.map(\.p50).max()!, p90: latencies.map(\.p90).max()!,
                    p99: latencies.map(\.p99).max()!, max: latencies.map(\.max).max()!
                )
            )
        }
    }
}
