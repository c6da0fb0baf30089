import Foundation

extension LoadTestReport {
    /// The report for a terminal: a few aligned lines, mismatches last (at most 20).
    package var text: String {
        var lines: [String] = []
        let broken = String(format: "%.1f%%", run.brokenShare * 100)
        let conflicts = run.conflictShare.map { String(format: ", %.1f%% claiming another's access key", $0 * 100) } ?? ""
        lines.append("load test \(run.runID): \(run.count) invoices (seed \(run.seed), \(broken) broken\(conflicts)) → s3://\(run.bucket)/\(run.keyPrefix)")
        let target = run.targetRate.map { String(format: ", target %.0f/s", $0) } ?? ""
        lines.append(String(
            format: "uploads    %d in %.1f s = %.1f/s (%d failed, concurrency %d",
            uploads.succeeded, uploads.seconds, uploads.perSecond, uploads.failed, run.concurrency
        ) + target + ")")
        lines.append(String(
            format: "outcomes   %d of %d accounted: %d stored, %d dead-lettered as expected; %.1f/s overall, last %.1f s after the last upload",
            outcomes.accounted, outcomes.expected, outcomes.stored, outcomes.deadLettered,
            outcomes.perSecond, outcomes.secondsAfterLastUpload
        ))
        lines.append("mismatch   \(outcomes.missing) missing, \(outcomes.wrongOutcome) wrong, \(outcomes.conflicting) conflicting, \(outcomes.unexpected) unexpected, \(uploads.failed) upload failures; \(outcomes.duplicates) duplicates (allowed)")
        let l = latencyMilliseconds
        lines.append("latency    upload done → outcome written (n=\(l.count)): p50 \(l.p50) ms, p90 \(l.p90) ms, p99 \(l.p99) ms, max \(l.max) ms")
        if let tally = outcomes.byOutcome[Reconciliation.contestedLabel] {
            lines.append("conflicts  \(tally.expected) files in \(tally.expected / 2) pairs claiming one access key with different content: \(tally.matched) ended as expected (one of each pair stored, the other access_key_conflict)")
        }
        let codes = outcomes.byOutcome.filter { $0.key != "stored" && $0.key != Reconciliation.contestedLabel }.sorted { $0.key < $1.key }
        if !codes.isEmpty {
            let width = codes.map(\.key.count).max() ?? 0
            lines.append("dead letters by code (expected / matched):")
            for (code, tally) in codes {
                lines.append("  \(code.padding(toLength: width, withPad: " ", startingAt: 0))  \(tally.expected) / \(tally.matched)")
            }
        }
        for mismatch in mismatches.prefix(20) { lines.append("  ✗ \(mismatch)") }
        if mismatchCount > 20 { lines.append("  … \(mismatchCount - 20) more in the JSON report") }
        if run.timedOut { lines.append("timed out after waiting \(run.timeoutSeconds) s for outcomes") }
        lines.append("result     \(passed ? "PASS: every upload accounted for as expected" : "FAIL: \(mismatchCount) mismatches")")
        return lines.joined(separator: "\n")
    }
}
