import Foundation
import LoadTest
import Testing

/// Latency figures and the report's JSON.
struct LoadTestReportTests {
    @Test func summarisesLatencyWithPercentiles() {
        let summary = LatencySummary(samples: (1 ... 1000).map { Int64($0) } + [-5])
        #expect(summary.count == 1001)
        #expect(summary.beforeUploadReturned == 1)
        #expect(abs(summary.p50 - 500) <= 1)
        #expect(abs(summary.p90 - 900) <= 1)
        #expect(abs(summary.p99 - 990) <= 1)
        #expect(summary.max == 1000)
    }

    @Test func anEmptyRunHasZeroLatency() {
        #expect(LatencySummary(samples: []) == LatencySummary(samples: []))
        #expect(LatencySummary(samples: []).p99 == 0)
    }

    @Test func keepsOutliersBeyondAnHour() {
        #expect(LatencySummary(samples: [10, 7_200_000]).max == 7_200_000)
    }
}
