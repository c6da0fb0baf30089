extension LoadTestReport {
    /// What happened second by second, for the HTML report's charts. Absent (`nil`) in
    /// reports written before timelines existed.
    package struct Timeline: Codable, Sendable, Equatable {
        /// One second of the run: `[second, second + 1)` after `startMilliseconds`.
        package struct Second: Codable, Sendable, Equatable {
            package var second: Int
            /// Uploads that finished (successfully) in this second.
            package var uploads: Int
            /// Objects whose first outcome record was written in this second.
            package var outcomes: Int
            /// Latency of those outcomes; `nil` when there were none.
            package var latencyMilliseconds: Percentiles?

            package init(second: Int, uploads: Int = 0, outcomes: Int = 0, latencyMilliseconds: Percentiles? = nil) {
                self.second = second
                self.uploads = uploads
                self.outcomes = outcomes
                self.latencyMilliseconds = latencyMilliseconds
            }
        }

        /// Nearest-rank percentiles of a handful of latencies.
        package struct Percentiles: Codable, Sendable, Equatable {
            package var p50: Int
            package var p90: Int
            package var p99: Int
            package var max: Int

            package init(p50: Int, p90: Int, p99: Int, max: Int) {
                self.p50 = p50
                self.p90 = p90
                self.p99 = p99
                self.max = max
            }

            /// - Parameter sorted: at least one latency, ascending.
            init(sorted: [Int]) {
                // Nearest rank: exact and cheap per second, where a histogram per bucket is not.
                func rank(_ q: Double) -> Int { sorted[Swift.max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1)] }
                self.init(p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.count - 1])
            }
        }

        /// Seconds a timeline covers at most (30 days); anything later counts in the last.
        package static let longestRun: Int64 = 30 * 86_400

        /// Wall-clock start of second 0 (the start of the uploads), ms since the epoch.
        package var startMilliseconds: Int64
        /// Every second from 0 to the last upload or outcome, idle ones included.
        package var seconds: [Second]
        /// Every latency of `latencyMilliseconds`, counted into log-spaced buckets.
        package var latencyDistribution: LatencyDistribution

        package init(startMilliseconds: Int64, seconds: [Second], latencyDistribution: LatencyDistribution) {
            self.startMilliseconds = startMilliseconds
            self.seconds = seconds
            self.latencyDistribution = latencyDistribution
        }

        /// - Parameters:
        ///   - runStart: When the uploads started, ms since the epoch.
        ///   - uploadsFinished: When each successful upload finished, ms since the epoch.
        ///   - outcomes: Each accounted object's first outcome: when it was written, and its
        ///     latency from the upload's end (negative counts as 0), if known.
        package init(runStart: Int64, uploadsFinished: [Int64], outcomes: [(writtenAt: Int64, latency: Int64?)]) {
            // Clock skew between this machine and the broker must not index before 0, and a
            // wild timestamp must not make a timeline of years.
            func second(_ time: Int64) -> Int { Int(Swift.min(Swift.max(0, time - runStart) / 1000, Self.longestRun)) }
            let last = (uploadsFinished + outcomes.map(\.writtenAt)).map(second).max()
            var seconds = (0 ..< (last.map { $0 + 1 } ?? 0)).map { Second(second: $0) }
            var latencies = [[Int]](repeating: [], count: seconds.count)
            for time in uploadsFinished { seconds[second(time)].uploads += 1 }
            for outcome in outcomes {
                let index = second(outcome.writtenAt)
                seconds[index].outcomes += 1
                if let latency = outcome.latency { latencies[index].append(Int(Swift.max(0, latency))) }
            }
            for index in seconds.indices where !latencies[index].isEmpty {
                seconds[index].latencyMilliseconds = Percentiles(sorted: latencies[index].sorted())
            }
            self.init(
                startMilliseconds: runStart, seconds: seconds,
                latencyDistribution: LatencyDistribution(samples: outcomes.compactMap(\.latency))
            )
        }
    }
}
