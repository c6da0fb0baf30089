import Foundation
@testable import LoadTest
import Testing

/// The HTML report as text: its sections, its escaping and its edge cases.
struct LoadTestReportHTMLTests {
    static let sections = ["throughput", "latency", "distribution", "outcomes", "mismatches", "settings"]

    @Test func hasEverySectionAndNeedsNothingFromOutside() {
        let report = SyntheticRun(count: 600, seconds: 20).report
        let html = report.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for id in Self.sections { #expect(html.contains(#"<section id="\#(id)">"#), "section \(id)") }
        #expect(html.contains(#"<span class="badge pass">PASS</span>"#))
        for series in ["uploads/s", "outcomes/s", "p50", "p90", "p99"] { #expect(html.contains(#"data-series="\#(series)""#), "series \(series)") }
        #expect(html.components(separatedBy: #"<svg class="chart""#).count - 1 == 3, "throughput, latency, distribution")
        #expect(html.components(separatedBy: #"<svg class="bar""#).count - 1 == report.outcomes.byOutcome.count, "one per outcome")
        #expect(report.outcomes.byOutcome.count > 20)
        Self.expectSelfContained(html)
    }

    @Test func escapesEveryStringFromTheReport() {
        var report = SyntheticRun(count: 100, seconds: 5, runID: #"<script>alert("run")</script>"#).report
        report.run.bucket = "b&<b>"
        report.outcomes.byOutcome["<img src=x onerror=alert(1)>"] = .init(expected: 1, matched: 0)
        report.mismatches = [Mismatch(kind: .wrongOutcome, key: "k/\"quoted\" & <tag>.json", expected: "stored('A')", observed: "<b>")]
        report.mismatchCount = 1
        report.passed = false
        let html = report.html
        for raw in ["<script>", "<img", "<tag>", "<b>", #""quoted""#, "'A'"] { #expect(!html.contains(raw), "\(raw) unescaped") }
        #expect(html.contains("&lt;script&gt;alert(&quot;run&quot;)&lt;/script&gt;"))
        #expect(html.contains("k/&quot;quoted&quot; &amp; &lt;tag&gt;.json"))
        #expect(html.contains("b&amp;&lt;b&gt;"))
        #expect(html.contains("stored(&#39;A&#39;)"))
        #expect(html.contains(#"<span class="badge fail">FAIL</span>"#))
        #expect(HTML.escape(#"<a href="x">&'"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test func aRunWithoutOutcomesStillRenders() {
        let report = SyntheticRun(count: 50, seconds: 2, missing: 50).report
        #expect(report.outcomes.accounted == 0 && report.latencyMilliseconds.count == 0)
        let html = report.html
        for id in Self.sections { #expect(html.contains(#"<section id="\#(id)">"#)) }
        #expect(html.contains("No outcome was measured."))
        #expect(html.contains(#"<div class="value">–</div><div class="detail">no outcome measured</div>"#), "no latency rather than 0 ms")
        #expect(html.contains(#"data-series="uploads/s""#))
        #expect(html.contains("missing 50"))
        Self.expectSelfContained(html)
    }

    @Test func anEmptyReportRenders() throws {
        let report = SyntheticRun(count: 0).report
        let html = report.html
        #expect(html.contains("Nothing was uploaded."))
        #expect(html.contains("No upload was expected to have an outcome."))
        Self.expectSelfContained(html)
    }

    @Test func aOneSecondRunDrawsDots() throws {
        let report = SyntheticRun(count: 5, seconds: 0.2).report
        #expect(report.timeline?.seconds.count ?? 0 <= 2)
        let html = report.html
        #expect(html.contains("<circle"), "a lone point draws no line: it gets a dot")
        Self.expectSelfContained(html)
    }

    @Test func latencyLinesPassOverSecondsWithoutOutcomes() throws {
        // A batching fleet writes outcomes in bursts: here one second in five.
        var report = SyntheticRun(count: 100, seconds: 3).report
        let latency = LoadTestReport.Timeline.Percentiles(p50: 1_000, p90: 1_400, p99: 1_900, max: 2_400)
        report.timeline?.seconds = (0 ..< 100).map { .init(second: $0, uploads: 20, outcomes: $0 % 5 == 0 ? 100 : 0, latencyMilliseconds: $0 % 5 == 0 ? latency : nil) }
        let html = report.html
        let p50 = try #require(html.components(separatedBy: #"data-series="p50""#).dropFirst().first?.prefix { $0 != ">" })
        #expect(p50.filter { $0 == "M" }.count == 1 && p50.filter { $0 == "L" }.count == 19, "one line through 20 seconds")
        let uploads = try #require(html.components(separatedBy: #"data-series="uploads/s""#).dropFirst().first?.prefix { $0 != ">" })
        #expect(uploads.filter { $0 == "L" }.count == 99)
    }

    @Test func aPointAloneBetweenGapsGetsADot() {
        let chart = SVGLineChart(
            label: "test", series: [.init(name: "s", colour: "#123456", points: (0 ..< 100).map { (Double($0), $0 == 50 ? 1 : $0 < 20 ? 2 : nil) })],
            duration: 100, yTitle: "y", yLabel: { ReportFormat.decimal($0) }
        )
        #expect(chart.svg.components(separatedBy: "<circle").count - 1 == 1, "the lone point, not the line of 20")
    }

    @Test func allZeroLatencyRenders() throws {
        var report = SyntheticRun(count: 100, seconds: 3).report
        var timeline = try #require(report.timeline)
        for index in timeline.seconds.indices where timeline.seconds[index].latencyMilliseconds != nil {
            timeline.seconds[index].latencyMilliseconds = .init(p50: 0, p90: 0, p99: 0, max: 0)
        }
        timeline.latencyDistribution = LatencyDistribution(samples: Array(repeating: 0, count: 100))
        report.timeline = timeline
        report.latencyMilliseconds = LatencySummary(samples: Array(repeating: 0, count: 100))
        let html = report.html
        #expect(html.contains("p99 0 ms"))
        #expect(html.contains(#"data-series="p99""#))
        Self.expectSelfContained(html)
    }

    @Test func aDayLongRunStaysSmall() throws {
        var report = SyntheticRun(count: 100, seconds: 3).report
        let latency = LoadTestReport.Timeline.Percentiles(p50: 1_000, p90: 1_400, p99: 1_900, max: 2_400)
        report.timeline?.seconds = (0 ..< 86_400).map { .init(second: $0, uploads: 40 + $0 % 13, outcomes: 40 + $0 % 11, latencyMilliseconds: latency) }
        report.timeline?.latencyDistribution = LatencyDistribution(samples: (0 ..< 20_000).map { Int64($0 * 180) })
        let html = report.html
        #expect(html.utf8.count < 250_000, "\(html.utf8.count) bytes")
        for path in html.components(separatedBy: "<path ").dropFirst() {
            let points = path.prefix { $0 != ">" }.filter { $0 == "M" || $0 == "L" }.count
            #expect(points <= 600)
        }
        #expect(html.contains("144-second window"))
        Self.expectSelfContained(html)
    }

    @Test func windowsThinOutALongRunAndKeepItsSpikes() {
        var seconds = (0 ..< 86_400).map { LoadTestReport.Timeline.Second(second: $0, uploads: 50, outcomes: 50, latencyMilliseconds: .init(p50: 1_000, p90: 1_500, p99: 2_000, max: 2_500)) }
        seconds[40_000].latencyMilliseconds = .init(p50: 9_000, p90: 9_500, p99: 30_000, max: 31_000)
        seconds[40_001].uploads = 1_050
        let windows = TimelineWindows(seconds)
        #expect(windows.windows.count <= 600)
        #expect(windows.secondsPerWindow == 144)
        let spike = windows.windows.first { $0.start <= 40_000 && 40_000 < $0.start + $0.width }!
        #expect(spike.latency?.p99 == 30_000, "the worst second of the window")
        #expect(abs(spike.uploadsPerSecond - (50 + 1_000 / 144)) < 0.001, "the mean rate of the window")
        #expect(TimelineWindows(Array(seconds.prefix(600))).secondsPerWindow == 1)
        #expect(TimelineWindows(Array(seconds.prefix(601))).secondsPerWindow == 2)
    }

    @Test func anOlderReportSaysItHasNoTimeline() throws {
        let report = try JSONDecoder().decode(LoadTestReport.self, from: Data(TimelineTests.olderReport.utf8))
        let html = report.html
        #expect(html.components(separatedBy: LoadTestReport.noTimeline).count - 1 == 3, "throughput, latency and distribution")
        #expect(html.contains(#"<td class="code">not_json</td>"#), "the rest of the report is there")
        Self.expectSelfContained(html)
    }

    @Test func manyMismatchesListTheFirstFew() {
        let report = SyntheticRun(count: 400, seconds: 5, missing: 30, wrongCode: 5).report
        #expect(report.mismatchCount == 35)
        let html = report.html
        #expect(html.contains("Mismatches: 35"))
        #expect(html.components(separatedBy: #"<td class="key">"#).count - 1 == LoadTestReport.htmlMismatchRows)
        #expect(html.contains("… 15 more in the JSON report."))
        #expect(html.contains(#"<span class="kind some">missing 30</span>"#))
        #expect(html.contains(#"<tr class="short">"#), "an outcome short of its expected count stands out")
    }

    @Test func theHTMLGoesBesideTheJSON() throws {
        #expect(LoadTestReport.htmlPath(forJSON: "loadtest/reports/run.json") == "loadtest/reports/run.html")
        #expect(LoadTestReport.htmlPath(forJSON: "/tmp/x.JSON") == "/tmp/x.html")
        #expect(LoadTestReport.htmlPath(forJSON: "out/report") == "out/report.html")
        #expect(LoadTestReport.htmlPath(forJSON: "a.json.d/chaos.json.loadtest.json") == "a.json.d/chaos.json.loadtest.html")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let report = SyntheticRun(count: 20, seconds: 1).report
        try report.writeHTML(to: directory.appendingPathComponent("r.html").path)
        #expect(try String(contentsOf: directory.appendingPathComponent("r.html"), encoding: .utf8) == report.html)
    }

    @Test func formatsFiguresForPeople() {
        #expect(ReportFormat.count(1_234_567) == "1,234,567")
        #expect(ReportFormat.count(999) == "999")
        #expect(ReportFormat.milliseconds(850) == "850 ms")
        #expect(ReportFormat.milliseconds(1_250) == "1.25 s")
        #expect(ReportFormat.milliseconds(100_000) == "100 s")
        #expect(ReportFormat.milliseconds(750_000) == "12.5 min")
        #expect(ReportFormat.milliseconds(10_800_000) == "3 h")
        #expect(ReportFormat.clock(3_725) == "1:02:05")
        #expect(ChartTicks.time(upTo: 600).map(\.label).suffix(2) == ["8:00", "10:00"])
        #expect(ReportFormat.percent(0.05) == "5%")
        #expect(ChartTicks.time(upTo: 60).map(\.label) == ["0 s", "10 s", "20 s", "30 s", "40 s", "50 s", "60 s"])
        #expect(ChartTicks.linear(upTo: 47.3) { ReportFormat.decimal($0) }.map(\.value) == [0, 10, 20, 30, 40, 50])
        #expect(ChartTicks.logarithmic(from: 0, to: 3_600_000).map(\.label) == ["0 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s", "100 s", "16.7 min"])
        #expect(ChartTicks.logarithmic(from: 1_100, to: 1_400).count >= 3, "a narrow range still gets ticks")
        #expect(ChartTicks.logarithmic(from: 0, to: 1).map(\.label) == ["0 ms", "1 ms"], "all-zero latency")
    }

    /// Nothing that would reach the network or need a script, and no broken numbers.
    static func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for needle in ["<script", "src=", "href=", "url(", "@import", "http:", "https:", "<link", "NaN", "nan", "=\"inf", "=\"-inf"] {
            #expect(!html.contains(needle), "\(needle) in the page", sourceLocation: sourceLocation)
        }
    }
}
