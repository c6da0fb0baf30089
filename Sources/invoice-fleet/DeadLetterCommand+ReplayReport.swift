import DeadLetterTools

extension DeadLetterCommand.Replay {
    /// The report for a terminal: a dry run's plan, then the counts and the positions.
    static func describe(_ report: DeadLetterReplayReport, configuration: DeadLetterReplayConfiguration) -> String {
        var lines: [String] = []
        let mode = report.dryRun ? "dry run (nothing sent)" : "replay"
        lines.append("\(mode): \(report.deadLetterTopic) → \(report.targetTopic), group \(report.groupID), selection: \(configuration.selection.summary)")
        if report.dryRun, !report.plan.isEmpty {
            lines.append("")
            var table = TextTable(header: ["DLQ POSITION", "ACTION", "STAGE", "CODE", "ATTEMPTS", "OBJECT"], numericColumns: [4])
            for item in report.plan {
                let sample = item.sample
                let object = sample.key.map { key in (sample.bucket.map { $0.isEmpty ? "" : "\($0)/" } ?? "") + key } ?? "-"
                table.append(["\(sample.partition)/\(sample.offset)", item.action, sample.stage, sample.code, String(sample.attempts), object])
            }
            lines.append(table.render())
            lines.append("")
        }
        let verb = report.dryRun ? "would send" : "sent"
        var counts = "selected \(report.selected), \(verb) \(report.dryRun ? report.selected - report.refusedForAttempts : report.sent), "
        counts += "skipped for max attempts (≥ \(configuration.maxAttempts)) \(report.refusedForAttempts), already replayed \(report.alreadyReplayed)"
        lines.append(counts)
        if report.refusedForAttempts > 0, !configuration.force {
            lines.append("(refused dead letters failed \(configuration.maxAttempts)+ times: fix them first, or replay them with --force)")
        }
        let positions = report.startPositions.map { range in
            let end = report.endPositions[range.partition] ?? range.start
            return "p\(range.partition) \(range.start)→\(end)/\(max(range.end, end))"
        }
        lines.append("position: \(positions.joined(separator: ", "))\(report.reachedEnd ? " (end reached)" : " (stopped before the end: run again to go on)")")
        return lines.joined(separator: "\n")
    }
}
