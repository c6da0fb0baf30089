/// What a replay sends where, and how carefully.
package struct DeadLetterReplayConfiguration: Sendable, Hashable {
    /// The DLQ topic read. Default (CLI): `StackSettings.deadLetterTopic`.
    package var deadLetterTopic: String
    /// Where the original values are republished. Default (CLI): `StackSettings.uploadsTopic`.
    package var targetTopic: String
    /// The consumer group that keeps the replay's position (see `groupID(named:)`).
    package var groupID: String
    package var selection: DeadLetterSelection
    /// Dead letters with `attempts` at or above this are refused unless `force`. Default: 5.
    package var maxAttempts: Int = 5
    /// Replays refused dead letters too. Default: `false`.
    package var force = false
    /// Messages per second at most; `nil` for as fast as the broker acknowledges. Default: `nil`.
    package var rate: Double?
    /// Lists what would be sent, sends nothing and leaves the position alone. Default: `false`.
    package var dryRun = false
    /// Moves the position back to the start of the DLQ before replaying. Default: `false`.
    package var fromBeginning = false
    /// Stops after sending this many (the position then points right after the last one
    /// sent, so the next run goes on from there). `nil` for no limit. Default: `nil`.
    package var maxRecords: Int?
    /// Marks replayed `access_key_conflict` dead letters so that the worker replaces the
    /// stored invoice with theirs (and logs it). Without it, a replayed conflict is
    /// dead-lettered again while the stored invoice differs. Default: `false`.
    package var overwriteConflicts = false

    package init(deadLetterTopic: String, targetTopic: String, groupID: String, selection: DeadLetterSelection) {
        self.deadLetterTopic = deadLetterTopic
        self.targetTopic = targetTopic
        self.groupID = groupID
        self.selection = selection
    }

    /// The group every replay uses unless told otherwise.
    package static let defaultGroupID = "invoice-fleet-replay"

    /// The consumer group keeping a replay's position: `invoice-fleet-replay.NAME` for a
    /// named replay (`--replay-group NAME`), else one derived from the selection.
    ///
    /// One group keeps one position per DLQ partition, and the records a selection passes
    /// over move it forward too; so each selection gets its own position by default
    /// (`invoice-fleet-replay.code=file_too_large`), and a replay of `--code A` never
    /// hides the `--code B` dead letters from a later replay of those. The time window is
    /// left out of the name: a later window goes on where an earlier one stopped.
    package static func groupID(named name: String?, selection: DeadLetterSelection = .all) -> String {
        if let name, !name.isEmpty { return "\(defaultGroupID).\(name)" }
        var criteria: [String] = []
        if !selection.codes.isEmpty { criteria.append("code=\(selection.codes.sorted().joined(separator: ","))") }
        if !selection.stages.isEmpty { criteria.append("stage=\(selection.stages.map(\.rawValue).sorted().joined(separator: ","))") }
        if !selection.classes.isEmpty { criteria.append("class=\(selection.classes.map(\.rawValue).sorted().joined(separator: ","))") }
        if let prefix = selection.keyPrefix, !prefix.isEmpty { criteria.append("key-prefix=\(prefix)") }
        return criteria.isEmpty ? defaultGroupID : "\(defaultGroupID).\(criteria.joined(separator: "&"))"
    }
}
