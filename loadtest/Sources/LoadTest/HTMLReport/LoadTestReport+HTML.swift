import Foundation

extension LoadTestReport {
    /// The report as one self-contained HTML page (inline CSS and SVG, no script, nothing
    /// fetched), as users know them from Gatling or k6: verdict and headline figures,
    /// throughput and latency over time, the latency distribution, outcomes by code,
    /// mismatches and the run's settings.
    package var html: String {
        let title = "Load test \(run.runID): \(passed ? "PASS" : "FAIL")"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <style>
            \(ReportStyle.css)
            </style>
            </head>
            <body>
            <main>
            \(htmlHeader)
            \(htmlThroughput)
            \(htmlLatencyOverTime)
            \(htmlDistribution)
            \(htmlOutcomes)
            \(htmlMismatches)
            \(htmlSettings)
            <footer>invoice-fleet loadtest · run \(HTML.escape(run.runID)) · the JSON report beside this file has every figure</footer>
            </main>
            </body>
            </html>

            """
    }

    /// Where the HTML goes for a JSON report: `x.json` → `x.html`, any other name + `.html`.
    package static func htmlPath(forJSON path: String) -> String {
        path.lowercased().hasSuffix(".json") ? String(path.dropLast(5)) + ".html" : path + ".html"
    }

    /// Writes the HTML to `path`, creating its directory.
    package func writeHTML(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(html.utf8).write(to: url)
    }

    /// A section with a heading, a note under it, and its body.
    static func htmlSection(_ heading: String, note: String, _ body: String, id: String) -> String {
        """
        <section id="\(id)">
        <h2>\(HTML.escape(heading))</h2>
        <p class="note">\(HTML.escape(note))</p>
        \(body)
        </section>
        """
    }

    /// What a chart shows when there is nothing to draw.
    static func htmlEmpty(_ text: String) -> String { #"<div class="empty">\#(HTML.escape(text))</div>"# }
}
