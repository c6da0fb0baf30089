/// What a replay did (or, in a dry run, would do).
package struct DeadLetterReplayReport: Sendable, Hashable, Codable {
    /// One dead letter a dry run would send or refuse.
    package struct PlannedItem: Sendable, Hashable, Codable {
        package var sample: DeadLetterSample
        /// `send` or `refuse`.
        package var action: String
    }

    package var deadLetterTopic: String
    package var targetTopic: String
    package var groupID: String
    package var dryRun: Bool
    /// Records read in this run.
    package var scanned = 0
    /// Dead letters the selection kept in this run: sent + refused (+ left for the next
    /// run when `maxRecords` stopped it).
    package var selected = 0
    package var sent = 0
    /// Selected, but refused because `attempts` ≥ `maxAttempts`.
    package var refusedForAttempts = 0
    /// Dead letters the selection keeps that lie before the group's position when this
    /// run started: sent (or passed over) by earlier runs of the same group.
    package var alreadyReplayed = 0
    /// Records without the dead-letter headers, passed over.
    package var unreadable = 0
    /// Whether the run reached the high watermark captured at its start (`false` when
    /// `maxRecords` stopped it first).
    package var reachedEnd = false
    /// Per partition, the position when this run started and when it ended.
    package var startPositions: [PartitionRange] = []
    package var endPositions: [Int32: Int64] = [:]
    /// Dry run only: what would be sent or refused, in order.
    package var plan: [PlannedItem] = []

    package init(configuration: DeadLetterReplayConfiguration) {
        deadLetterTopic = configuration.deadLetterTopic
        targetTopic = configuration.targetTopic
        groupID = configuration.groupID
        dryRun = configuration.dryRun
    }
}
