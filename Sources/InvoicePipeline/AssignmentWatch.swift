/// Notices a consumer-group member that has had no partitions for a long time.
///
/// That is normal for a member beyond the partition count, and a symptom when the group
/// cannot finish a rebalance (a broker that lost track of a departed leader): either way
/// the operator should read it in the log, once, rather than see a silent worker.
struct AssignmentWatch {
    /// How long without partitions before the watch speaks.
    let patience: Duration
    private var unassignedSince: ContinuousClock.Instant?
    private var reported = false

    init(patience: Duration, now: ContinuousClock.Instant = .now) {
        self.patience = patience
        unassignedSince = now
    }

    /// Records whether the member holds partitions now.
    /// - Returns: how long it has waited, once per stretch without partitions, when that
    ///   reaches `patience`; `nil` otherwise.
    mutating func observe(assigned: Bool, now: ContinuousClock.Instant = .now) -> Duration? {
        if assigned {
            unassignedSince = nil
            reported = false
            return nil
        }
        let since = unassignedSince ?? now
        unassignedSince = since
        guard !reported, now - since >= patience else { return nil }
        reported = true
        return now - since
    }
}
