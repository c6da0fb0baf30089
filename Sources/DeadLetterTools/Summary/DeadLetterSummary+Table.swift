extension DeadLetterSummary {
    /// The summary for a terminal: headline figures, an aligned breakdown, samples.
    package var table: String {
        var lines: [String] = []
        lines.append("Dead letters in \(topic)  (selection: \(selection))")
        var read = "scanned \(scanned), matched \(matched)"
        if unreadable > 0 { read += ", \(unreadable) without dead-letter headers (ignored)" }
        lines.append(read)
        guard matched > 0 else {
            lines.append("nothing matched")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        var table = TextTable(header: ["STAGE", "CODE", "CLASS", "COUNT", "MAX ATTEMPTS"], numericColumns: [3, 4])
        for row in breakdown {
            table.append([row.stage, row.code, row.errorClass, String(row.count), String(row.maxAttempts)])
        }
        lines.append(table.render())
        lines.append("")
        lines.append("by stage:  " + Self.tally(byStage))
        lines.append("by class:  " + Self.tally(byClass))
        lines.append("oldest:    " + Self.describe(oldest))
        lines.append("newest:    " + Self.describe(newest))
        let average = (averageAttempts * 100).rounded() / 100
        lines.append("attempts:  max \(maxAttempts), avg \(average), \(retried) with attempts > 1")
        if !samples.isEmpty {
            lines.append("")
            lines.append("samples:")
            for sample in samples {
                let object = sample.key.map { key in (sample.bucket.map { $0.isEmpty ? "" : "\($0)/" } ?? "") + key } ?? "(no object)"
                lines.append("  [\(sample.partition)/\(sample.offset)] \(sample.stage)/\(sample.code) attempts=\(sample.attempts) \(sample.failedAt ?? "-")")
                lines.append("    object:  \(object)")
                lines.append("    message: \(sample.message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func tally(_ counts: [String: Int]) -> String {
        counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    private static func describe(_ sample: DeadLetterSample?) -> String {
        guard let sample else { return "-" }
        return "\(sample.failedAt ?? "-")  \(sample.code)  \(sample.key ?? "")  [\(sample.partition)/\(sample.offset)]"
    }
}
