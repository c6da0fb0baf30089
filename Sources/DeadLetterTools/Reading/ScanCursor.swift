import Kafka

/// Tracks a scan's progress through its partition ranges and says when it is over. Pure:
/// the caller passes the time in.
///
/// Keeps only records inside the ranges (a consumer keeps fetching what arrives after the
/// start). For a range ending at a high watermark, records at or past it still count when
/// they were written before the watermark was read (see `PartitionRange`); the partition is done
/// once a later record shows up or none has come for `tailGrace`.
struct ScanCursor: Sendable {
    private struct Partition: Sendable {
        var range: PartitionRange
        /// The next offset not yet seen.
        var position: Int64
        var isDone: Bool
        /// When the partition last made progress (or the scan started), for the tail's grace.
        var lastActivity: ContinuousClock.Instant
    }

    private var partitions: [Int32: Partition]
    private let tailGrace: Duration

    init(_ ranges: [PartitionRange], tailGrace: Duration, now: ContinuousClock.Instant) {
        self.tailGrace = tailGrace
        partitions = Dictionary(uniqueKeysWithValues: ranges.map { range in
            (range.partition, Partition(
                range: range, position: range.start,
                isDone: !range.needsReading || (!range.endIsWatermark && range.start >= range.end), lastActivity: now
            ))
        })
    }

    /// The records of `batch` that belong to the scan, in the order given.
    mutating func admit(_ batch: [KafkaRecord], now: ContinuousClock.Instant) -> [KafkaRecord] {
        batch.filter { record in
            guard var state = partitions[record.partition], !state.isDone, record.offset >= state.range.start else { return false }
            defer { partitions[record.partition] = state }
            if record.offset >= state.range.end {
                guard let taken = state.range.watermarkTime, record.timestampMilliseconds.map({ $0 <= taken }) ?? true else {
                    state.isDone = true
                    return false
                }
            }
            state.position = max(state.position, record.offset + 1)
            state.lastActivity = now
            if !state.range.endIsWatermark, state.position >= state.range.end { state.isDone = true }
            return true
        }
    }

    /// Ends the tails that stayed quiet for the grace period.
    mutating func expireTails(now: ContinuousClock.Instant) {
        for (partition, state) in partitions where !state.isDone && state.position >= state.range.end {
            if now - state.lastActivity >= tailGrace { partitions[partition]?.isDone = true }
        }
    }

    /// Whether every partition has been read to its end.
    var isComplete: Bool { partitions.values.allSatisfy(\.isDone) }

    /// Partitions still being read, with their positions, for error messages.
    var unfinished: [(range: PartitionRange, position: Int64)] {
        partitions.values.filter { !$0.isDone }.sorted { $0.range.partition < $1.range.partition }.map { ($0.range, $0.position) }
    }

    func position(of partition: Int32) -> Int64? { partitions[partition]?.position }

    /// Records seen so far and about how many there are, for progress displays.
    var progress: (done: Int64, total: Int64) {
        partitions.values.reduce((0, 0)) { sum, state in
            (sum.0 + max(0, state.position - state.range.start), sum.1 + max(state.range.count, state.position - state.range.start))
        }
    }
}
