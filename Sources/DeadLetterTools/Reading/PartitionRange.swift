/// The offsets of one partition a scan reads, from `start` (inclusive) to `end`.
///
/// Where `watermarkTime` is set, `end` is the high watermark the broker reported then,
/// so that a scan stops even while new dead letters keep arriving. The scan then also
/// reads records past it that were written before that time: some
/// brokers (Tansu, the local stack's) report one past the *first* record of the last
/// batch as the high watermark, which would otherwise hide the rest of that batch. On
/// Apache Kafka no such record exists and the scan ends at the watermark.
/// Otherwise `end` is an exact position (exclusive), such as a replay group's offset.
package struct PartitionRange: Sendable, Hashable, Codable {
    package var partition: Int32
    package var start: Int64
    package var end: Int64
    /// The partition's low watermark when the range was taken.
    package var low: Int64
    /// Milliseconds since the epoch just before `end` was read as the high watermark;
    /// `nil` when `end` is an exact position.
    package var watermarkTime: Int64?

    package init(partition: Int32, start: Int64, end: Int64, low: Int64? = nil, watermarkTime: Int64? = nil) {
        self.partition = partition
        self.start = start
        self.end = end
        self.low = low ?? start
        self.watermarkTime = watermarkTime
    }

    package var endIsWatermark: Bool { watermarkTime != nil }

    /// At most how many records lie before `end` (offsets can have gaps), for progress.
    package var count: Int64 { max(0, end - start) }

    /// Whether a scan has anything to read: an exact range that is not empty, or a
    /// partition that held records when its watermarks were taken (even if `start`
    /// is past `end`, the rest of the last batch may be there).
    package var needsReading: Bool { endIsWatermark ? end > low : start < end }

    /// The same partition read from `start` up to `end` exactly.
    package func exact(from start: Int64, to end: Int64) -> PartitionRange {
        PartitionRange(partition: partition, start: start, end: end, low: low, watermarkTime: nil)
    }
}
