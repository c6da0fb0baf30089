import Foundation

/// Small pieces of SVG markup shared by the report's charts.
enum SVG {
    /// Coordinates with one decimal: enough for a screen, and short in the file.
    static func number(_ value: Double) -> String { ReportFormat.decimal(value, digits: 1) }

    /// The opening tag of a chart that scales to its container's width.
    /// - Parameter stretch: Fill the container's box whatever its shape (a bar in a table cell).
    static func open(width: Double, height: Double, label: String, className: String = "chart", stretch: Bool = false) -> String {
        let aspect = stretch ? #" preserveAspectRatio="none""# : ""
        return #"<svg class="\#(className)" viewBox="0 0 \#(number(width)) \#(number(height))"\#(aspect) role="img" aria-label="\#(HTML.escape(label))">"#
    }

    static func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", className: String = "tick", extra: String = ""
    ) -> String {
        #"<text x="\#(number(x))" y="\#(number(y))" text-anchor="\#(anchor)" class="\#(className)"\#(extra.isEmpty ? "" : " " + extra)>\#(HTML.escape(content))</text>"#
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String, extra: String = "") -> String {
        #"<line x1="\#(number(x1))" y1="\#(number(y1))" x2="\#(number(x2))" y2="\#(number(y2))" class="\#(className)"\#(extra.isEmpty ? "" : " " + extra)/>"#
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil, extra: String = "") -> String {
        let shape = #"<rect x="\#(number(x))" y="\#(number(y))" width="\#(number(max(0, width)))" height="\#(number(max(0, height)))" fill="\#(fill)"\#(extra.isEmpty ? "" : " " + extra)"#
        guard let title else { return shape + "/>" }
        return shape + "><title>\(HTML.escape(title))</title></rect>"
    }

    /// A legend entry: a short stroke (or block) of the series' colour and its name.
    static func legendItem(_ name: String, colour: String, x: Double, y: Double, block: Bool = false) -> String {
        let mark = block
            ? rect(x: x, y: y - 9, width: 14, height: 10, fill: colour, extra: #"rx="2""#)
            : line(x1: x, y1: y - 4, x2: x + 18, y2: y - 4, className: "legend-line", extra: #"stroke="\#(colour)""#)
        return mark + text(name, x: x + (block ? 20 : 24), y: y, className: "legend")
    }

    /// The width a legend entry takes, for laying several out in a row.
    static func legendWidth(_ name: String) -> Double { 24 + Double(name.count) * 7.2 + 22 }
}
