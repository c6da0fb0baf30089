import FleetContracts
import Foundation

/// What reconciliation keeps of one dead letter: the object (and, where the failed event
/// names it, the version) it is about, why it failed, and where it sits in the DLQ, so
/// that the newest one per object can be chosen and matched with `replay.of` headers.
package struct DeadLetterMark: Sendable, Hashable {
    package var source: SourceObject
    /// The object's ETag as the failed S3 event named it, without quotes; `nil` when the
    /// value is not an S3 event (the relay's failures) or the event carries none.
    package var eTag: String?
    /// The `error.code` header.
    package var code: String
    package var partition: Int32
    package var offset: Int64
    /// `topic/partition/offset`: what a replay of this dead letter carries in `replay.of`.
    package var position: String
    /// When it failed (`failed.at`, else the record's timestamp).
    package var failedAt: Date?

    package init(
        source: SourceObject, eTag: String?, code: String, partition: Int32, offset: Int64, position: String,
        failedAt: Date?
    ) {
        self.source = source
        self.eTag = eTag
        self.code = code
        self.partition = partition
        self.offset = offset
        self.position = position
        self.failedAt = failedAt
    }

    /// Reads the mark of a dead letter; `nil` when it names no object.
    package init?(entry: DeadLetterEntry) {
        guard let source = entry.source else { return nil }
        let event = try? JSONDecoder().decode(S3EventRecord.self, from: Data(entry.record.value))
        let eTag = event?.s3.object.eTag.map(ObjectReconciliation.plainETag)
        self.init(
            source: source, eTag: eTag?.isEmpty == false ? eTag : nil, code: entry.letter.code.rawValue,
            partition: entry.record.partition, offset: entry.record.offset, position: entry.position,
            failedAt: entry.failedAt
        )
    }

    /// Whether this dead letter came after `other`. Within a partition the offset decides,
    /// exactly (the DLQ is keyed by `bucket/key`, so one object's dead letters normally
    /// share a partition); across partitions the failure time, then the position, so that
    /// the choice never depends on the order of reading.
    package func isNewer(than other: DeadLetterMark) -> Bool {
        if partition == other.partition { return offset > other.offset }
        if let mine = failedAt, let theirs = other.failedAt, mine != theirs { return mine > theirs }
        return (partition, offset) > (other.partition, other.offset)
    }
}
