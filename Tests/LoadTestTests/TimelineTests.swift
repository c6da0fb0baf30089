import Foundation
@testable import LoadTest
import Testing

/// The report's timeline and latency distribution, from synthetic ledger times.
struct TimelineTests {
    typealias Timeline = LoadTestReport.Timeline

    @Test func bucketsUploadsAndOutcomesBySecondSinceTheStartIdleSecondsIncluded() {
        let timeline = Timeline(
            runStart: 10_000, uploadsFinished: [10_000, 10_999, 11_000, 13_500],
            outcomes: [(writtenAt: 11_200, latency: 200), (writtenAt: 11_900, latency: 900), (writtenAt: 14_000, latency: 500)]
        )
        #expect(timeline.startMilliseconds == 10_000)
        #expect(timeline.seconds.map(\.second) == [0, 1, 2, 3, 4])
        #expect(timeline.seconds.map(\.uploads) == [2, 1, 0, 1, 0])
        #expect(timeline.seconds.map(\.outcomes) == [0, 2, 0, 0, 1])
        #expect(timeline.seconds[0].latencyMilliseconds == nil, "no outcome in second 0")
        #expect(timeline.seconds[1].latencyMilliseconds == .init(p50: 200, p90: 900, p99: 900, max: 900))
        #expect(timeline.seconds[4].latencyMilliseconds == .init(p50: 500, p90: 500, p99: 500, max: 500))
        #expect(timeline.latencyDistribution.counts.reduce(0, +) == 3)
    }

    @Test func takesNearestRankPercentilesPerSecond() {
        let outcomes = (1 ... 100).map { (writtenAt: Int64(5_000), latency: Int64?(Int64($0))) }
        let latency = Timeline(runStart: 5_000, uploadsFinished: [], outcomes: outcomes).seconds[0].latencyMilliseconds
        #expect(latency == .init(p50: 50, p90: 90, p99: 99, max: 100))
    }

    @Test func clampsClockSkewAndEarlyOutcomesToZero() {
        // A broker clock behind this machine's: an outcome stamped before the run started,
        // and one stamped before its upload returned.
        let timeline = Timeline(runStart: 10_000, uploadsFinished: [10_100], outcomes: [(writtenAt: 9_800, latency: -300)])
        #expect(timeline.seconds.count == 1)
        #expect(timeline.seconds[0].outcomes == 1)
        #expect(timeline.seconds[0].latencyMilliseconds == .init(p50: 0, p90: 0, p99: 0, max: 0))
        #expect(timeline.latencyDistribution == LatencyDistribution(edgesMilliseconds: [0, 1], counts: [1]))
    }

    @Test func anEmptyRunHasNoSecondsAndAnEmptyDistribution() {
        let timeline = Timeline(runStart: 0, uploadsFinished: [], outcomes: [])
        #expect(timeline.seconds.isEmpty)
        #expect(timeline.latencyDistribution.isEmpty)
        #expect(timeline.latencyDistribution.edgesMilliseconds.isEmpty)
    }

    @Test func distributionBucketsAreLogSpacedAndCoverEverySample() {
        let samples: [Int64] = [0, 3, 3, 17, 250, 1_200, 1_250, 9_999, 10_000, 7_200_000]
        let distribution = LatencyDistribution(samples: samples)
        let edges = distribution.edgesMilliseconds
        #expect(edges.count == distribution.counts.count + 1)
        #expect(distribution.counts.reduce(0, +) == samples.count)
        #expect(zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Array(edges.prefix(18)) == Array(0 ... 17), "every millisecond below 17 ms")
        #expect(edges.contains(10_000) && edges.contains(1_000), "powers of ten are edges")
        #expect(edges.last! > 7_200_000 && edges.first == 0)
        // Above the linear start each bucket is about 6% wider than the one before.
        let wide = zip(edges, edges.dropFirst()).filter { $0.0 >= 1_000 }.map { Double($0.1) / Double($0.0) }
        #expect(wide.allSatisfy { $0 > 1.04 && $0 < 1.08 })
        // Each sample is in its bucket.
        for sample in samples {
            let index = LatencyDistribution.bucket(of: Int(sample), in: edges)
            #expect(edges[index] <= Int(sample) && Int(sample) < edges[index + 1])
        }
    }

    @Test func distributionStartsAtTheBucketOfTheLowestLatency() {
        let distribution = LatencyDistribution(samples: [1_100, 1_300, 1_300])
        #expect(distribution.edgesMilliseconds.first! <= 1_100 && distribution.edgesMilliseconds[1] > 1_100)
        #expect(distribution.counts.first == 1 && distribution.counts.last == 2)
        #expect(LatencyDistribution(samples: [0, 0, 0]) == .init(edgesMilliseconds: [0, 1], counts: [3]), "all-zero latency: one bucket")
    }

    @Test func theReportOfASyntheticRunHasItsTimeline() throws {
        let report = SyntheticRun(count: 600, seconds: 20).report
        let timeline = try #require(report.timeline)
        #expect(timeline.startMilliseconds == SyntheticRun.start)
        #expect(timeline.seconds.map(\.uploads).reduce(0, +) == report.uploads.succeeded)
        #expect(timeline.seconds.map(\.outcomes).reduce(0, +) == report.outcomes.accounted)
        #expect(timeline.latencyDistribution.counts.reduce(0, +) == report.latencyMilliseconds.count)
        #expect((20 ... 24).contains(timeline.seconds.count), "uploads over 20 s, outcomes about 1.2 s later")
        #expect(timeline.seconds.allSatisfy { ($0.latencyMilliseconds == nil) == ($0.outcomes == 0) })
    }

    @Test func theTimelineRoundTripsThroughJSON() throws {
        let report = SyntheticRun(count: 200, seconds: 5).report
        let decoded = try JSONDecoder().decode(LoadTestReport.self, from: report.json())
        #expect(decoded == report)
        let json = String(decoding: try report.json(), as: UTF8.self)
        #expect(json.contains(#""timeline" : {"#) && json.contains(#""latencyDistribution" : {"#) && json.contains(#""edgesMilliseconds" : ["#))
    }

    @Test func aReportWrittenBeforeTimelinesDecodesWithoutOne() throws {
        let report = try JSONDecoder().decode(LoadTestReport.self, from: Data(Self.olderReport.utf8))
        #expect(report.timeline == nil)
        #expect(report.run.conflictShare == nil)
        #expect(report.outcomes.byOutcome["stored"] == .init(expected: 95, matched: 95))
    }

    /// A report as `invoice-fleet loadtest` wrote it before timelines and conflict shares.
    static let olderReport = """
        {
          "latencyMilliseconds" : { "beforeUploadReturned" : 0, "count" : 100, "max" : 2545, "mean" : 1301.5, "p50" : 1277, "p90" : 1770, "p99" : 2163 },
          "mismatchCount" : 0,
          "mismatches" : [],
          "outcomes" : {
            "accounted" : 100, "byOutcome" : { "not_json" : { "expected" : 5, "matched" : 5 }, "stored" : { "expected" : 95, "matched" : 95 } },
            "conflicting" : 0, "deadLettered" : 5, "duplicates" : 0, "expected" : 100, "missing" : 0, "perSecond" : 47.1,
            "secondsAfterLastUpload" : 0.9, "stored" : 95, "unexpected" : 0, "wrongOutcome" : 0
          },
          "passed" : true,
          "run" : {
            "brokenShare" : 0.05, "bucket" : "invoices", "concurrency" : 8, "count" : 100, "finishedAt" : "2026-11-27T17:03:35Z",
            "keyPrefix" : "loadtest/demo-20261127-170329/", "runID" : "demo-20261127-170329", "seed" : 42,
            "startedAt" : "2026-11-27T17:03:29Z", "targetRate" : 50, "timedOut" : false, "timeoutSeconds" : 600
          },
          "uploads" : { "failed" : 0, "perSecond" : 47.3, "seconds" : 2.1, "succeeded" : 100 }
        }
        """
}
