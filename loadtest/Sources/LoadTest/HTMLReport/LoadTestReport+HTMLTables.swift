extension LoadTestReport {
    /// Mismatches listed on the page; the JSON has up to `mismatchLimit`.
    static let htmlMismatchRows = 20

    /// `stored` first, then `contested`, then the dead-letter codes by name.
    var outcomeRows: [(label: String, tally: Reconciliation.Tally)] {
        let rank = { (label: String) in label == "stored" ? 0 : label == Reconciliation.contestedLabel ? 1 : 2 }
        return outcomes.byOutcome.sorted { (rank($0.key), $0.key) < (rank($1.key), $1.key) }.map { ($0.key, $0.value) }
    }

    var htmlOutcomes: String {
        let rows = outcomeRows
        let heading = "Outcomes by code"
        let note = "Expected and matched files per outcome: stored, contested pairs (one stored, the other access_key_conflict), or the dead-letter code."
        guard !rows.isEmpty else { return Self.htmlSection(heading, note: note, Self.htmlEmpty("No upload was expected to have an outcome."), id: "outcomes") }
        let cells = rows.map { label, tally in
            let short = tally.matched < tally.expected
            let share = tally.expected > 0 ? ReportFormat.percent(Double(tally.matched) / Double(tally.expected)) : "–"
            let bar = SVGOutcomeBars.bar(expected: tally.expected, matched: tally.matched, label: label)
            return #"<tr\#(short ? #" class="short""# : "")><td class="code">\#(HTML.escape(label))</td><td class="num">\#(ReportFormat.count(tally.expected))</td><td class="num">\#(ReportFormat.count(tally.matched))</td><td class="bar">\#(bar)</td><td class="num">\#(share)</td></tr>"#
        }
        // Two tables side by side once the list is long, so that 30 codes take 15 rows.
        let halves = rows.count > 8 ? [Array(cells.prefix((cells.count + 1) / 2)), Array(cells.dropFirst((cells.count + 1) / 2))] : [cells]
        let tables = halves.map { half in
            """
            <table class="outcomes">
            <thead><tr><th>outcome</th><th class="num">expected</th><th class="num">matched</th><th></th><th class="num">share</th></tr></thead>
            <tbody>
            \(half.joined(separator: "\n"))
            </tbody>
            </table>
            """
        }
        return Self.htmlSection(heading, note: note,
                                SVGOutcomeBars.legend + #"<div class="\#(halves.count > 1 ? "pair" : "single")">\#(tables.joined(separator: "\n"))</div>"#, id: "outcomes")
    }

    var htmlMismatches: String {
        let kinds: [(String, Int)] = [
            ("missing", outcomes.missing), ("wrong outcome", outcomes.wrongOutcome), ("conflicting", outcomes.conflicting),
            ("unexpected", outcomes.unexpected), ("upload failed", uploads.failed),
        ]
        let pills = kinds.map { name, count in
            #"<span class="kind\#(count > 0 ? " some" : "")">\#(HTML.escape(name)) \#(ReportFormat.count(count))</span>"#
        }
        var body = #"<div class="kinds">\#(pills.joined())</div>"#
        if mismatches.isEmpty {
            body += Self.htmlEmpty(mismatchCount == 0 ? "None: every upload ended as expected." : "The report lists none of them.")
        } else {
            let rows = mismatches.prefix(Self.htmlMismatchRows).map { m in
                "<tr><td>\(HTML.escape(m.kind.rawValue))</td><td class=\"key\">\(HTML.escape(m.key))</td><td class=\"mono\">\(HTML.escape(m.expected ?? "–"))</td><td class=\"mono\">\(HTML.escape(m.observed ?? "–"))</td></tr>"
            }
            body += """
                <table>
                <thead><tr><th>kind</th><th>object key</th><th>expected</th><th>observed</th></tr></thead>
                <tbody>
                \(rows.joined(separator: "\n"))
                </tbody>
                </table>
                """
            let more = mismatchCount - min(mismatches.count, Self.htmlMismatchRows)
            if more > 0 { body += #"<p class="note">… \#(ReportFormat.count(more)) more in the JSON report.</p>"# }
        }
        return Self.htmlSection("Mismatches: \(ReportFormat.count(mismatchCount))",
                                note: "Uploads that did not end as the generator expected (the first \(Self.htmlMismatchRows)); duplicates of the same outcome are allowed.",
                                body, id: "mismatches")
    }

    var htmlSettings: String {
        let settings: [(String, String)] = [
            ("run id", run.runID), ("bucket", run.bucket), ("key prefix", run.keyPrefix), ("seed", String(run.seed)),
            ("invoices", ReportFormat.count(run.count)), ("broken share", ReportFormat.percent(run.brokenShare)),
            ("conflict share", run.conflictShare.map(ReportFormat.percent) ?? "– (not in this report)"),
            ("concurrency", String(run.concurrency)),
            ("target rate", run.targetRate.map { "\(ReportFormat.decimal($0)) uploads/s" } ?? "unlimited"),
            ("timeout", "\(run.timeoutSeconds) s after the last upload"),
            ("started", run.startedAt), ("finished", run.finishedAt), ("timed out", run.timedOut ? "yes" : "no"),
        ]
        let items = settings.map { "<dt>\(HTML.escape($0))</dt><dd>\(HTML.escape($1))</dd>" }
        return Self.htmlSection("Settings", note: "What was run (the report's run).", #"<dl class="settings">\#(items.joined())</dl>"#, id: "settings")
    }
}
