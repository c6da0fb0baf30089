/// The latency distribution as bars on a log(1 + ms) axis, with percentile markers.
struct SVGHistogram {
    struct Marker {
        var name: String
        var value: Double
        var colour: String
    }

    var label: String
    var distribution: LatencyDistribution
    var markers: [Marker]
    var colour: String

    static let width = 1120.0, height = 270.0
    static let left = 76.0, right = 20.0, top = 68.0, bottom = 46.0
    /// More bars than this are merged in runs, which keeps the file small and bars visible.
    static let maximumBars = 120

    var svg: String {
        let (w, h) = (Self.width, Self.height)
        let plot = PlotArea(left: Self.left, right: w - Self.right, top: Self.top, bottom: h - Self.bottom)
        let bars = merged
        guard let first = bars.first, let last = bars.last else { return "" }
        let x = ChartScale(domain: Double(first.low) ... Double(last.high), range: (plot.left, plot.right), logarithmic: true)
        let yTicks = ChartTicks.linear(upTo: Double(bars.map(\.count).max() ?? 0), count: 4, minimumStep: 1) { ReportFormat.count(Int($0)) }
        let y = ChartScale(domain: 0 ... (yTicks.last?.value ?? 1), range: (plot.bottom, plot.top))

        var parts = [SVG.open(width: w, height: h, label: label)]
        for tick in yTicks {
            parts.append(SVG.line(x1: plot.left, y1: y(tick.value), x2: plot.right, y2: y(tick.value), className: "grid"))
            parts.append(SVG.text(tick.label, x: plot.left - 8, y: y(tick.value) + 4, anchor: "end"))
        }
        for bar in bars where bar.count > 0 {
            let (left, right) = (x(Double(bar.low)), x(Double(bar.high)))
            let range = bar.high - bar.low == 1 ? "\(ReportFormat.count(bar.low)) ms" : "\(ReportFormat.count(bar.low))–\(ReportFormat.count(bar.high - 1)) ms"
            parts.append(SVG.rect(x: left + 0.5, y: y(Double(bar.count)), width: right - left - 1, height: plot.bottom - y(Double(bar.count)),
                                  fill: colour, title: "\(range): \(ReportFormat.count(bar.count))"))
        }
        for tick in ChartTicks.logarithmic(from: Double(first.low), to: Double(last.high)) {
            parts.append(SVG.line(x1: x(tick.value), y1: plot.bottom, x2: x(tick.value), y2: plot.bottom + 5, className: "axis"))
            // A label at the right end would stick out of the chart: it ends at its tick instead.
            parts.append(SVG.text(tick.label, x: x(tick.value), y: plot.bottom + 19, anchor: x(tick.value) > plot.right - 24 ? "end" : "middle"))
        }
        parts.append(SVG.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, className: "axis"))
        parts.append(SVG.text("latency, upload finished → outcome written (log scale)", x: plot.middleX,
                              y: h - 6, anchor: "middle", className: "axis-title"))
        parts.append(SVG.text("outcomes", x: 14, y: plot.middleY, anchor: "middle", className: "axis-title",
                              extra: #"transform="rotate(-90 14 \#(SVG.number(plot.middleY)))""#))
        // Markers' labels sit on rows of their own, so that close percentiles never overlap.
        for (row, marker) in markers.enumerated() {
            let position = x(marker.value)
            let labelY = 12 + Double(row) * 15
            parts.append(SVG.line(x1: position, y1: labelY + 13, x2: position, y2: plot.bottom, className: "marker", extra: #"stroke="\#(marker.colour)""#))
            let anchor = position > plot.right - 160 ? "end" : "start"
            parts.append(SVG.text("\(marker.name) \(ReportFormat.milliseconds(marker.value))", x: position + (anchor == "end" ? -5 : 5), y: labelY + 10,
                                  anchor: anchor, className: "marker-label", extra: #"fill="\#(marker.colour)""#))
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The distribution's buckets, runs of them merged when there are too many.
    var merged: [(low: Int, high: Int, count: Int)] {
        let edges = distribution.edgesMilliseconds, counts = distribution.counts
        guard edges.count == counts.count + 1, !counts.isEmpty else { return [] }
        let run = (counts.count + Self.maximumBars - 1) / Self.maximumBars
        return stride(from: 0, to: counts.count, by: run).map { start in
            let end = min(start + run, counts.count)
            return (edges[start], edges[end], counts[start ..< end].reduce(0, +))
        }
    }
}
