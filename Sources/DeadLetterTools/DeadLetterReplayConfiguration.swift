/// What a replay sends where, and how carefully.
public struct DeadLetterReplayConfiguration: Sendable, Hashable {
    /// The DLQ topic read. Default (CLI): `StackSettings.deadLetterTopic`.
    public var deadLetterTopic: String
    /// Where the original values are republished. Default (CLI): `StackSettings.uploadsTopic`.
    public var targetTopic: String
    /// The consumer group that keeps the replay's position (see `groupID(named:)`).
    public var groupID: String
    public var selection: DeadLetterSelection
    /// Dead letters with `attempts` at or above this are refused unless `force`. Default: 5.
    public var maxAttempts: Int = 5
    /// Replays refused dead letters too. Default: `false`.
    public var force = false
    /// Messages per second at most; `nil` for as fast as the broker acknowledges. Default: `nil`.
    public var rate: Double?
    /// Lists what would be sent, sends nothing and leaves the position alone. Default: `false`.
    public var dryRun = false
    /// Moves the position back to the start of the DLQ before replaying. Default: `false`.
    public var fromBeginning = false
    /// Stops after sending this many (the position then points right after the last one
    /// sent, so the next run goes on from there). `nil` for no limit. Default: `nil`.
    public var maxRecords: Int?

    public init(deadLetterTopic: String, targetTopic: String, groupID: String, selection: DeadLetterSelection) {
        self.deadLetterTopic = deadLetterTopic
        self.targetTopic = targetTopic
        self.groupID = groupID
        self.selection = selection
    }

    /// The group every replay uses unless told otherwise.
    public static let defaultGroupID = "invoice-fleet-replay"

    /// `invoice-fleet-replay`, or `invoice-fleet-replay.NAME` for a named replay (`--replay-group NAME`).
    ///
    /// One group keeps one position per DLQ partition, and records the filter skips also
    /// move it forward: a different selection needs a different name.
    public static func groupID(named name: String?) -> String {
        guard let name, !name.isEmpty else { return defaultGroupID }
        return "\(defaultGroupID).\(name)"
    }
}
