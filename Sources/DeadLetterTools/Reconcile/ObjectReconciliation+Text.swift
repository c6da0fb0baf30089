extension ObjectReconciliation {
    /// The report for a terminal: counts per state, dead letters by code, and the missing
    /// keys, at most `missingLimit` of them (the JSON report lists all).
    package func text(missingLimit: Int = 20) -> String {
        let scope = "s3://\(bucket)/\(prefix ?? "")"
        var lines = ["Objects in \(scope): \(checked) checked"]
        if skippedRecent > 0 { lines[0] += ", \(skippedRecent) modified too recently to judge (left out)" }
        lines.append("")
        var table = TextTable(header: ["STATE", "OBJECTS"], numericColumns: [1])
        for state in State.allCases { table.append([state.rawValue, String(counts[state])]) }
        lines.append(table.render())
        if !deadLettered.isEmpty {
            lines.append("")
            lines.append("dead-lettered by code:  " + Self.tally(deadLettered.map(\.code)))
        }
        if !conflicted.isEmpty {
            lines.append("")
            lines.append("conflicted (another object's invoice holds the access key; decide which is right):")
            for object in conflicted.prefix(max(0, missingLimit)) {
                let why = object.replacedBy.map { "replaced on an operator's replay by \($0)" } ?? "dead letter \(object.position)"
                lines.append("  \(object.key)  (\(why))")
            }
            if conflicted.count > missingLimit {
                lines.append("  … and \(conflicted.count - max(0, missingLimit)) more (--json lists them all)")
            }
            lines.append("  to store one of them instead: invoice-fleet dlq replay --code access_key_conflict --key-prefix KEY --overwrite-conflicts")
        }
        if !replayedPending.isEmpty {
            lines.append("replayed, not yet processed:  " + Self.tally(replayedPending.map(\.code)))
        }
        guard !missing.isEmpty else {
            lines.append("")
            lines.append("nothing missing")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        lines.append("missing (no stored item, dead letter or replay for the current version):")
        for object in missing.prefix(max(0, missingLimit)) {
            var line = "  \(object.key)"
            if object.otherVersionSeen { line += "  (another version was seen: overwritten?)" }
            lines.append(line)
        }
        if missing.count > missingLimit {
            lines.append("  … and \(missing.count - max(0, missingLimit)) more (--json lists them all)")
        }
        return lines.joined(separator: "\n")
    }

    /// `code count, …`, most frequent first.
    private static func tally(_ codes: [String]) -> String {
        let counts = codes.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
