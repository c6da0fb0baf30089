/// Expected against matched for one outcome, as a bar in its table row: the bar is the
/// expected files, split into those that ended as expected and the rest. Each row has
/// its own scale, since `stored` outnumbers a dead-letter code a hundredfold and a shared
/// scale would leave the codes as slivers; the counts stand in the row's other cells.
enum SVGOutcomeBars {
    static let width = 160.0, height = 12.0

    static func bar(expected: Int, matched: Int, label: String) -> String {
        let share = expected > 0 ? min(1, Double(matched) / Double(expected)) : 0
        let tip = "\(label): \(ReportFormat.count(matched)) of \(ReportFormat.count(expected)) matched"
        return [
            SVG.open(width: width, height: height, label: tip, className: "bar", stretch: true),
            SVG.rect(x: 0, y: 0, width: width, height: height, fill: expected > 0 ? ReportStyle.unmatched : ReportStyle.track, title: tip),
            SVG.rect(x: 0, y: 0, width: width * share, height: height, fill: ReportStyle.matched, title: tip),
            "</svg>",
        ].joined()
    }

    /// What the bars' colours mean, above the tables.
    static var legend: String {
        let swatch = { (colour: String, name: String) in
            #"<span class="swatch" style="background:\#(colour)"></span>\#(HTML.escape(name))"#
        }
        return #"<p class="legend">Each bar is one outcome's expected files: \#(swatch(ReportStyle.matched, "matched")) \#(swatch(ReportStyle.unmatched, "expected, not matched"))</p>"#
    }
}
