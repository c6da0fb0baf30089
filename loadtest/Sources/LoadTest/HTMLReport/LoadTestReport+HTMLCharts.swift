extension LoadTestReport {
    static let noTimeline = "This report has no timeline: it was written before reports had one."

    /// The timeline merged into windows small enough for the page, if there is one.
    private var windows: TimelineWindows? { timeline.map { TimelineWindows($0.seconds) } }

    /// How one point of a time chart came about, for the section's note.
    private func bucketNote(_ windows: TimelineWindows, merged: String) -> String {
        windows.secondsPerWindow == 1 ? "in 1-second buckets" : "\(merged) of each \(windows.secondsPerWindow)-second window (the run has \(ReportFormat.count(timeline?.seconds.count ?? 0)) seconds)"
    }

    var htmlThroughput: String {
        let heading = "Throughput"
        guard let windows, !windows.windows.isEmpty else {
            return Self.htmlSection(heading, note: "Uploads finished and outcomes written per second.",
                                    Self.htmlEmpty(timeline == nil ? Self.noTimeline : "Nothing was uploaded."), id: "throughput")
        }
        let chart = SVGLineChart(
            label: "Uploads and outcomes per second over time",
            series: [
                .init(name: "uploads/s", colour: ReportStyle.uploads, points: windows.windows.map { ($0.middle, $0.uploadsPerSecond) }),
                .init(name: "outcomes/s", colour: ReportStyle.outcomes, points: windows.windows.map { ($0.middle, $0.outcomesPerSecond) }),
            ],
            duration: Double(windows.windows.count * windows.secondsPerWindow), yTitle: "per second",
            yLabel: { ReportFormat.decimal($0) }, minimumYStep: 1
        )
        return Self.htmlSection(heading, note: "Uploads finished and outcomes written per second, \(bucketNote(windows, merged: "the mean"))."
                                + " Outcomes: each object's first outcome record.", chart.svg, id: "throughput")
    }

    var htmlLatencyOverTime: String {
        let heading = "Latency over time"
        let note = "p50, p90 and p99 of the latency (upload finished → outcome record written) of the outcomes written"
        guard let windows, windows.windows.contains(where: { $0.latency != nil }) else {
            return Self.htmlSection(heading, note: note + " each second.",
                                    Self.htmlEmpty(timeline == nil ? Self.noTimeline : "No outcome was measured."), id: "latency")
        }
        let series = [("p50", ReportStyle.p50, \LoadTestReport.Timeline.Percentiles.p50),
                      ("p90", ReportStyle.p90, \.p90), ("p99", ReportStyle.p99, \.p99)]
        let chart = SVGLineChart(
            label: "Latency percentiles over time",
            series: series.map { name, colour, path in
                .init(name: name, colour: colour, points: windows.windows.map { ($0.middle, $0.latency.map { Double($0[keyPath: path]) }) })
            },
            duration: Double(windows.windows.count * windows.secondsPerWindow), yTitle: "latency",
            yLabel: { ReportFormat.milliseconds($0) }, minimumYStep: 1, bridgesGaps: true
        )
        let when = windows.secondsPerWindow == 1 ? " in each second." : ", \(bucketNote(windows, merged: "the highest")) so that spikes stay visible."
        return Self.htmlSection(heading, note: note + when + " Lines pass over seconds without outcomes.", chart.svg, id: "latency")
    }

    var htmlDistribution: String {
        let heading = "Latency distribution"
        guard let distribution = timeline?.latencyDistribution, !distribution.isEmpty else {
            return Self.htmlSection(heading, note: "Outcomes by latency.",
                                    Self.htmlEmpty(timeline == nil ? Self.noTimeline : "No outcome was measured."), id: "distribution")
        }
        let l = latencyMilliseconds
        let chart = SVGHistogram(
            label: "Histogram of latencies with p50, p90 and p99",
            distribution: distribution,
            markers: [.init(name: "p50", value: Double(l.p50), colour: ReportStyle.p50),
                      .init(name: "p90", value: Double(l.p90), colour: ReportStyle.p90),
                      .init(name: "p99", value: Double(l.p99), colour: ReportStyle.p99)],
            colour: ReportStyle.histogram
        )
        return Self.htmlSection(
            heading, note: "\(ReportFormat.count(l.count)) outcomes by latency, in buckets about 6% wide (every millisecond below 17 ms); dashed: the run's p50, p90 and p99.",
            chart.svg, id: "distribution")
    }
}
