import Kafka

/// Offsets the worker has finished (outcomes durable) but the broker has not yet accepted.
///
/// A failed commit loses nothing, since the records are redone by whoever reads them
/// next, but left alone it would leave the group's committed position behind for as
/// long as no new record arrives on that partition. Lag-based autoscaling and
/// `invoice-fleet lag` would then report work that is already done. So the worker keeps
/// what it could not commit here and commits it again on the next pass.
package struct PendingCommits: Sendable, Equatable {
    private var next: [KafkaTopicPartition: Int64] = [:]
    /// Commits that failed in a row, to log the first failure and the recovery only.
    package var failedAttempts = 0
    /// After a failure, when to try again without a new batch (no faster than `retryPause`).
    package var retryAt: ContinuousClock.Instant?
    package var retryPause: Duration

    package init(retryPause: Duration = .seconds(1)) {
        self.retryPause = retryPause
    }

    /// Whether to commit now although no new batch finished.
    package func isDue(at now: ContinuousClock.Instant) -> Bool {
        !isEmpty && (retryAt.map { now >= $0 } ?? true)
    }

    package var isEmpty: Bool { next.isEmpty }

    /// Adds finished positions; per partition the furthest one wins, so a later batch's
    /// commit supersedes an earlier one that failed.
    package mutating func add(_ offsets: [KafkaTopicPartitionOffset]) {
        for offset in offsets {
            next[offset.topicPartition] = max(next[offset.topicPartition] ?? offset.offset, offset.offset)
        }
    }

    /// What to commit now, in a stable order.
    package var offsets: [KafkaTopicPartitionOffset] { next.sortedOffsets }

    /// Forgets `attempted` after a commit that succeeded: the positions it committed and
    /// those it left out because their partitions moved to another member (their new owner
    /// redoes them). Positions that advanced meanwhile stay.
    /// - Returns: how many attempts had failed before this one.
    @discardableResult
    package mutating func settle(_ attempted: [KafkaTopicPartitionOffset]) -> Int {
        for offset in attempted where next[offset.topicPartition] == offset.offset {
            next[offset.topicPartition] = nil
        }
        defer { failedAttempts = 0; retryAt = nil }
        return failedAttempts
    }

    /// Records a failed commit at `now`, keeping only partitions still in `assignment`.
    /// - Returns: the failures in a row, this one included.
    package mutating func failed(at now: ContinuousClock.Instant, assignment: Set<KafkaTopicPartition>) -> Int {
        keep(only: assignment)
        failedAttempts += 1
        retryAt = now + retryPause
        return failedAttempts
    }

    /// Forgets partitions this member no longer owns.
    private mutating func keep(only assignment: Set<KafkaTopicPartition>) {
        next = next.filter { assignment.contains($0.key) }
    }
}
