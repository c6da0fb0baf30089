/// What a replay did (or, in a dry run, would do).
public struct DeadLetterReplayReport: Sendable, Hashable, Codable {
    /// One dead letter a dry run would send or refuse.
    public struct PlannedItem: Sendable, Hashable, Codable {
        public var sample: DeadLetterSample
        /// `send` or `refuse`.
        public var action: String
    }

    public var deadLetterTopic: String
    public var targetTopic: String
    public var groupID: String
    public var dryRun: Bool
    /// Records read in this run.
    public var scanned = 0
    /// Dead letters the selection kept in this run: sent + refused (+ left for the next
    /// run when `maxRecords` stopped it).
    public var selected = 0
    public var sent = 0
    /// Selected, but refused because `attempts` ≥ `maxAttempts`.
    public var refusedForAttempts = 0
    /// Dead letters the selection keeps that lie before the group's position when this
    /// run started: sent (or passed over) by earlier runs of the same group.
    public var alreadyReplayed = 0
    /// Records without the dead-letter headers, passed over.
    public var unreadable = 0
    /// Whether the run reached the high watermark captured at its start (`false` when
    /// `maxRecords` stopped it first).
    public var reachedEnd = false
    /// Per partition, the position when this run started and when it ended.
    public var startPositions: [PartitionRange] = []
    public var endPositions: [Int32: Int64] = [:]
    /// Dry run only: what would be sent or refused, in order.
    public var plan: [PlannedItem] = []

    public init(configuration: DeadLetterReplayConfiguration) {
        deadLetterTopic = configuration.deadLetterTopic
        targetTopic = configuration.targetTopic
        groupID = configuration.groupID
        dryRun = configuration.dryRun
    }
}
