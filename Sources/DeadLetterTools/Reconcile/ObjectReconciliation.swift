import AWSClients
import FleetContracts
import Foundation

/// Where each object of a bucket stands: the report of `invoice-fleet reconcile`. Pure.
///
/// Every object gets exactly one state, first match wins:
/// 1. `stored`: the table holds an item from this object whose `sourceETag` is the
///    object's current ETag (quotes ignored). An item from another ETag is an earlier
///    (or later) version and does not count: the current content was never stored.
/// 2. `replayedPending`: its newest dead letter for this version was replayed (an
///    uploads record carries `replay.of` = its position) and nothing failed since.
/// 3. `conflicted`: its newest dead letter for this version is `access_key_conflict`, or
///    an operator's replay stored another object's invoice over this version's: another
///    object's invoice holds the access key, and this one is not stored. Its own
///    state because no fix of the file settles it: someone decides which invoice is right
///    (`dlq replay --code access_key_conflict --overwrite-conflicts` makes it this one).
/// 4. `deadLettered`: it has another dead letter for this version; the newest one's code.
/// 5. `missing`: nothing accounts for it (its event was lost, or is still in flight).
///
/// Stored wins over any dead letter because the table is the outcome that matters: a
/// dead letter then only tells of an earlier failure that a replay or a re-upload fixed.
/// A dead letter whose event names another ETag is about another version and is ignored.
package struct ObjectReconciliation: Sendable, Equatable, Codable {
    package enum State: String, Sendable, Codable, CaseIterable {
        case stored, deadLettered, conflicted, replayedPending, missing
    }

    /// How many objects are in each state.
    package struct Counts: Sendable, Equatable, Codable {
        package var stored = 0
        package var deadLettered = 0
        package var conflicted = 0
        package var replayedPending = 0
        package var missing = 0

        package init() {}

        package subscript(state: State) -> Int {
            get {
                switch state {
                case .stored: stored
                case .deadLettered: deadLettered
                case .conflicted: conflicted
                case .replayedPending: replayedPending
                case .missing: missing
                }
            }
            set {
                switch state {
                case .stored: stored = newValue
                case .deadLettered: deadLettered = newValue
                case .conflicted: conflicted = newValue
                case .replayedPending: replayedPending = newValue
                case .missing: missing = newValue
                }
            }
        }
    }

    /// An object whose newest dead letter (for its version) is the reason it is not stored.
    package struct FailedObject: Sendable, Equatable, Codable {
        package var key: String
        package var eTag: String
        /// The newest dead letter's `error.code`.
        package var code: String
        /// The newest dead letter's `topic/partition/offset`.
        package var position: String
        /// ISO 8601 UTC, when known.
        package var failedAt: String?
        /// The object whose invoice an operator's replay stored over this one's, if so.
        package var replacedBy: String?
    }

    /// An object nothing accounts for.
    package struct MissingObject: Sendable, Equatable, Codable {
        package var key: String
        package var eTag: String
        package var size: Int
        /// ISO 8601 UTC, when the listing gave it.
        package var lastModified: String?
        /// `true` when the table or the DLQ knows another version of it (it was
        /// overwritten, and the new version's event went missing).
        package var otherVersionSeen: Bool
    }

    package var bucket: String
    package var prefix: String?
    /// Objects under the prefix that were classified.
    package var checked: Int
    /// Objects left out for being modified after the cutoff (still in flight).
    package var skippedRecent: Int
    package var counts = Counts()
    /// Dead-lettered objects (conflicts aside), in key order.
    package var deadLettered: [FailedObject] = []
    /// Objects whose invoice lost its access key to another object's, in key order.
    package var conflicted: [FailedObject] = []
    /// Objects whose newest dead letter was replayed and awaits processing, in key order.
    package var replayedPending: [FailedObject] = []
    /// Missing objects, in key order.
    package var missing: [MissingObject] = []

    /// Classifies `objects` (a listing of `bucket`).
    /// - Parameters:
    ///   - prefix: only keys starting with it count; `nil` or empty: all.
    ///   - stored: the ETags of the items stored from each object.
    ///   - deadLetters: the DLQ's newest dead letters.
    ///   - replayed: the `replay.of` values found on the uploads topic.
    ///   - replaced: per object, the ETags whose invoices were overwritten on an operator's
    ///     replay, with the key of the object that replaced each.
    ///   - modifiedBefore: leave out objects modified at or after this time.
    package init(
        bucket: String, prefix: String?, objects: [S3ObjectSummary], stored: [SourceObject: Set<String>],
        deadLetters: DeadLetterIndex, replayed: Set<String>, replaced: [SourceObject: [String: String]] = [:],
        modifiedBefore: Date? = nil
    ) {
        self.bucket = bucket
        self.prefix = prefix?.isEmpty == false ? prefix : nil
        checked = 0
        skippedRecent = 0
        for object in objects.sorted(by: { $0.key < $1.key }) {
            if let prefix = self.prefix, !object.key.hasPrefix(prefix) { continue }
            if let cutoff = modifiedBefore, let modified = object.lastModified, modified >= cutoff {
                skippedRecent += 1
                continue
            }
            checked += 1
            let source = SourceObject(bucket: bucket, key: object.key)
            let eTag = Self.plainETag(object.eTag)
            let storedETags = Set((stored[source] ?? []).map(Self.plainETag))
            if storedETags.contains(eTag) {
                counts.stored += 1
            } else if let winner = replaced[source]?[eTag] {
                counts.conflicted += 1
                conflicted.append(FailedObject(
                    key: object.key, eTag: eTag, code: DeadLetterCode.accessKeyConflict.rawValue, position: "", replacedBy: winner))
            } else if let mark = deadLetters.newest(for: source, eTag: eTag) {
                let failed = FailedObject(
                    key: object.key, eTag: eTag, code: mark.code, position: mark.position,
                    failedAt: mark.failedAt.map(FailureTime.format)
                )
                if replayed.contains(mark.position) {
                    counts.replayedPending += 1
                    replayedPending.append(failed)
                } else if mark.code == DeadLetterCode.accessKeyConflict.rawValue {
                    counts.conflicted += 1
                    conflicted.append(failed)
                } else {
                    counts.deadLettered += 1
                    deadLettered.append(failed)
                }
            } else {
                counts.missing += 1
                missing.append(MissingObject(
                    key: object.key, eTag: eTag, size: object.size, lastModified: object.lastModified.map(FailureTime.format),
                    otherVersionSeen: !storedETags.isEmpty || deadLetters.names(source)
                ))
            }
        }
    }

    /// Whether any object is missing: what the command's exit code says.
    package var hasMissing: Bool { counts.missing > 0 }

    /// An ETag without the surrounding quotes S3 puts around it in some answers.
    package static func plainETag(_ eTag: String) -> String {
        let trimmed = eTag.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return trimmed }
        return String(trimmed.dropFirst().dropLast())
    }
}
