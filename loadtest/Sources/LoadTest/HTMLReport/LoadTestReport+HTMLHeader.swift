extension LoadTestReport {
    /// The verdict, what was run, and one tile per headline figure.
    var htmlHeader: String {
        let target = run.targetRate.map { ", target \(ReportFormat.decimal($0))/s" } ?? ""
        var facts = [
            "\(ReportFormat.count(run.count)) invoices → s3://\(run.bucket)/\(run.keyPrefix) · concurrency \(run.concurrency)\(target)",
            "\(run.startedAt) – \(run.finishedAt) · last outcome \(ReportFormat.decimal(outcomes.secondsAfterLastUpload)) s after the last upload",
        ]
        if run.timedOut { facts.append("timed out after waiting \(run.timeoutSeconds) s for outcomes") }
        let l = latencyMilliseconds
        let tiles = [
            tile("Uploads", ReportFormat.count(uploads.succeeded),
                 "\(ReportFormat.decimal(uploads.perSecond))/s · \(ReportFormat.count(uploads.failed)) failed", bad: uploads.failed > 0),
            tile("Outcomes", ReportFormat.count(outcomes.accounted),
                 "of \(ReportFormat.count(outcomes.expected)) · \(ReportFormat.decimal(outcomes.perSecond))/s", bad: outcomes.accounted < outcomes.expected),
            tile("Mismatches", ReportFormat.count(mismatchCount), "\(ReportFormat.count(outcomes.duplicates)) duplicate\(outcomes.duplicates == 1 ? "" : "s") (allowed)", bad: mismatchCount > 0),
            latencyTile("p50", l.p50, l.count > 0 ? "mean \(ReportFormat.count(Int(l.mean.rounded()))) ms" : "no outcome measured"),
            latencyTile("p90", l.p90, "n = \(ReportFormat.count(l.count))"),
            latencyTile("p99", l.p99, l.count > 0 ? "max \(ReportFormat.count(l.max)) ms" : ""),
        ]
        return """
            <header class="banner">
            <span class="badge \(passed ? "pass" : "fail")">\(passed ? "PASS" : "FAIL")</span>
            <div><h1>Load test \(HTML.escape(run.runID))</h1>
            \(facts.map { #"<div class="sub">\#(HTML.escape($0))</div>"# }.joined())</div>
            </header>
            <div class="tiles">
            \(tiles.joined(separator: "\n"))
            </div>
            """
    }

    /// No outcome, no latency: a dash rather than a misleading 0 ms.
    private func latencyTile(_ name: String, _ value: Int, _ detail: String) -> String {
        tile("Latency \(name)", latencyMilliseconds.count > 0 ? "\(ReportFormat.count(value)) ms" : "–", detail)
    }

    private func tile(_ name: String, _ value: String, _ detail: String, bad: Bool = false) -> String {
        #"<div class="tile\#(bad ? " bad" : "")"><div class="name">\#(HTML.escape(name))</div><div class="value">\#(HTML.escape(value))</div><div class="detail">\#(HTML.escape(detail))</div></div>"#
    }
}
