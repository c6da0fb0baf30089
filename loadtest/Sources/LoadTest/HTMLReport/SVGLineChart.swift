/// A line chart of several series over time since the run's start, with gridlines, tick
/// labels, axis titles and a legend. A `nil` value (no data then) breaks the line, or is
/// bridged with `bridgesGaps`.
struct SVGLineChart {
    struct Series {
        var name: String
        var colour: String
        var points: [(x: Double, y: Double?)]
    }

    var label: String
    var series: [Series]
    /// Seconds since the run's start: the x axis runs from 0 to here.
    var duration: Double
    var yTitle: String
    var yLabel: (Double) -> String
    /// The smallest y step worth a gridline (1 for whole counts).
    var minimumYStep = 0.0
    /// Join the points on either side of a gap: latency exists only in seconds with
    /// outcomes, which a batching fleet writes in bursts, and would otherwise be dots.
    var bridgesGaps = false

    static let width = 1120.0, height = 270.0
    static let left = 76.0, right = 20.0, top = 40.0, bottom = 46.0

    var svg: String {
        let (w, h) = (Self.width, Self.height)
        let plot = PlotArea(left: Self.left, right: w - Self.right, top: Self.top, bottom: h - Self.bottom)
        let highest = series.flatMap { $0.points.compactMap(\.y) }.max() ?? 0
        let yTicks = ChartTicks.linear(upTo: highest, minimumStep: minimumYStep, label: yLabel)
        let xTicks = ChartTicks.time(upTo: max(duration, 1))
        let x = ChartScale(domain: 0 ... max(duration, 1, xTicks.last?.value ?? 1), range: (plot.left, plot.right))
        let y = ChartScale(domain: 0 ... (yTicks.last?.value ?? 1), range: (plot.bottom, plot.top))

        var parts = [SVG.open(width: w, height: h, label: label)]
        for tick in yTicks {
            parts.append(SVG.line(x1: plot.left, y1: y(tick.value), x2: plot.right, y2: y(tick.value), className: "grid"))
            parts.append(SVG.text(tick.label, x: plot.left - 8, y: y(tick.value) + 4, anchor: "end"))
        }
        for tick in xTicks {
            parts.append(SVG.line(x1: x(tick.value), y1: plot.bottom, x2: x(tick.value), y2: plot.bottom + 5, className: "axis"))
            // A label at the right end would stick out of the chart: it ends at its tick instead.
            parts.append(SVG.text(tick.label, x: x(tick.value), y: plot.bottom + 19, anchor: x(tick.value) > plot.right - 24 ? "end" : "middle"))
        }
        parts.append(SVG.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, className: "axis"))
        parts.append(SVG.text("time since the start of the uploads", x: plot.middleX, y: h - 6, anchor: "middle", className: "axis-title"))
        parts.append(SVG.text(yTitle, x: 14, y: plot.middleY, anchor: "middle", className: "axis-title",
                              extra: #"transform="rotate(-90 14 \#(SVG.number(plot.middleY)))""#))
        for entry in series {
            parts.append(path(entry, x: x, y: y))
        }
        // The legend on top, right-aligned, in series order.
        var legendX = plot.right - series.map { SVG.legendWidth($0.name) }.reduce(0, +) + 22
        for entry in series {
            parts.append(SVG.legendItem(entry.name, colour: entry.colour, x: legendX, y: 20))
            legendX += SVG.legendWidth(entry.name)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// One `path` per series. Few points all get dots, and so does a point alone between
    /// gaps, since a lone point draws no line.
    private func path(_ series: Series, x: ChartScale, y: ChartScale) -> String {
        var commands: [String] = []
        var dots: [String] = []
        let points = bridgesGaps ? series.points.filter { $0.y != nil } : series.points
        for (index, point) in points.enumerated() {
            guard let value = point.y else { continue }
            let joined = index > 0 && points[index - 1].y != nil
            commands.append("\(joined ? "L" : "M")\(SVG.number(x(point.x))) \(SVG.number(y(value)))")
            let alone = !joined && (index + 1 == points.count || points[index + 1].y == nil)
            if points.count <= 40 || alone {
                dots.append(#"<circle cx="\#(SVG.number(x(point.x)))" cy="\#(SVG.number(y(value)))" r="3" fill="\#(series.colour)"/>"#)
            }
        }
        let name = HTML.escape(series.name)
        let line = commands.isEmpty ? "" : #"<path class="series" data-series="\#(name)" stroke="\#(series.colour)" d="\#(commands.joined(separator: " "))"/>"#
        return ([line] + dots).joined(separator: "\n")
    }
}
