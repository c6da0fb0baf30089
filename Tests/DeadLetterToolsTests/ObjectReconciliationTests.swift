import AWSClients
import DeadLetterTools
import FleetContracts
import Foundation
import Testing

/// The classification of `invoice-fleet reconcile`, without any service.
struct ObjectReconciliationTests {
    let bucket = "invoices"
    let now = DeadLetterSamples.now

    private func object(_ key: String, eTag: String = "e1", modified: Date? = nil) -> S3ObjectSummary {
        S3ObjectSummary(key: key, eTag: eTag, size: 10, lastModified: modified)
    }

    private func mark(
        _ key: String, code: String, eTag: String? = "e1", partition: Int32 = 0, offset: Int64, failedAt: Date? = nil
    ) -> DeadLetterMark {
        DeadLetterMark(
            source: SourceObject(bucket: bucket, key: key), eTag: eTag, code: code, partition: partition, offset: offset,
            position: "invoices.dlq/\(partition)/\(offset)", failedAt: failedAt
        )
    }

    private func reconcile(
        _ objects: [S3ObjectSummary], stored: [String: Set<String>] = [:], marks: [DeadLetterMark] = [],
        replayed: Set<String> = [], replaced: [String: [String: String]] = [:], prefix: String? = nil, modifiedBefore: Date? = nil
    ) -> ObjectReconciliation {
        let sources = Dictionary(uniqueKeysWithValues: stored.map { (SourceObject(bucket: bucket, key: $0.key), $0.value) })
        let displaced = Dictionary(uniqueKeysWithValues: replaced.map { (SourceObject(bucket: bucket, key: $0.key), $0.value) })
        return ObjectReconciliation(
            bucket: bucket, prefix: prefix, objects: objects, stored: sources, deadLetters: DeadLetterIndex(marks),
            replayed: replayed, replaced: displaced, modifiedBefore: modifiedBefore
        )
    }

    @Test func everyObjectGetsExactlyOneState() {
        let report = reconcile(
            [object("d.json"), object("c.json"), object("b.json"), object("a.json")],
            stored: ["a.json": ["e1"]],
            marks: [mark("b.json", code: "totals_mismatch", offset: 0), mark("c.json", code: "invalid_json", offset: 1)],
            replayed: ["invoices.dlq/0/1"]
        )
        #expect(report.checked == 4)
        #expect(report.counts.stored == 1)
        #expect(report.deadLettered.map(\.key) == ["b.json"])
        #expect(report.deadLettered.first?.code == "totals_mismatch")
        #expect(report.replayedPending.map(\.key) == ["c.json"])
        #expect(report.replayedPending.first?.position == "invoices.dlq/0/1")
        #expect(report.missing.map(\.key) == ["d.json"])
        #expect(report.missing.first?.otherVersionSeen == false)
        #expect(ObjectReconciliation.State.allCases.map { report.counts[$0] } == [1, 1, 0, 1, 1])
        #expect(report.hasMissing)
    }

    @Test func storedWinsOverAnyDeadLetter() {
        let report = reconcile(
            [object("a.json")], stored: ["a.json": ["e1"]], marks: [mark("a.json", code: "s3_unavailable", offset: 7)]
        )
        #expect(report.counts.stored == 1 && report.counts.deadLettered == 0)
        #expect(!report.hasMissing)
    }

    @Test func anItemFromAnotherVersionIsNotStored() {
        let objects = [object("a.json", eTag: "e2"), object("b.json", eTag: "e2")]
        let report = reconcile(
            objects, stored: ["a.json": ["e1"], "b.json": ["e1"]], marks: [mark("b.json", code: "totals_mismatch", eTag: "e2", offset: 3)]
        )
        #expect(report.counts.stored == 0)
        #expect(report.deadLettered.map(\.key) == ["b.json"])
        #expect(report.missing.map(\.key) == ["a.json"])
        #expect(report.missing.first?.otherVersionSeen == true)
    }

    @Test func deadLettersOfAnotherVersionDoNotCountButUnversionedOnesDo() {
        let report = reconcile(
            [object("a.json", eTag: "e2"), object("b.json", eTag: "e2")],
            marks: [mark("a.json", code: "totals_mismatch", eTag: "e1", offset: 0), mark("b.json", code: "relay_failed", eTag: nil, offset: 1)]
        )
        #expect(report.missing.map(\.key) == ["a.json"])
        #expect(report.missing.first?.otherVersionSeen == true)
        #expect(report.deadLettered.map(\.code) == ["relay_failed"])
    }

    @Test func theNewestDeadLetterDecides() {
        // Replayed, then failed again: dead-lettered with the newer code.
        let again = reconcile(
            [object("a.json")],
            marks: [mark("a.json", code: "s3_unavailable", offset: 4), mark("a.json", code: "totals_mismatch", offset: 9)],
            replayed: ["invoices.dlq/0/4"]
        )
        #expect(again.deadLettered.map(\.code) == ["totals_mismatch"])
        #expect(again.counts.replayedPending == 0)

        // The newest one replayed: pending, whatever older ones say.
        let pending = reconcile(
            [object("a.json")],
            marks: [mark("a.json", code: "totals_mismatch", offset: 9), mark("a.json", code: "s3_unavailable", offset: 4)],
            replayed: ["invoices.dlq/0/9"]
        )
        #expect(pending.replayedPending.map(\.code) == ["totals_mismatch"])

        // Across partitions the failure time decides, not the offset.
        let crossed = reconcile(
            [object("a.json")],
            marks: [
                mark("a.json", code: "later", partition: 0, offset: 1, failedAt: now),
                mark("a.json", code: "earlier", partition: 1, offset: 50, failedAt: now - 60),
            ]
        )
        #expect(crossed.deadLettered.map(\.code) == ["later"])
    }

    @Test func eTagsCompareWithoutQuotes() {
        let report = reconcile(
            [object("a.json", eTag: "\"e1\""), object("b.json", eTag: "e1"), object("c.json", eTag: "\"e1\"")],
            stored: ["a.json": ["e1"], "b.json": ["\"e1\""]],
            marks: [mark("c.json", code: "invalid_json", eTag: "e1", offset: 0)]
        )
        #expect(report.counts.stored == 2)
        #expect(report.deadLettered.map(\.key) == ["c.json"])
        #expect(ObjectReconciliation.plainETag("\"abc\"") == "abc")
        #expect(ObjectReconciliation.plainETag("abc") == "abc")
        #expect(ObjectReconciliation.plainETag("\"") == "\"")
    }

    @Test func onlyObjectsUnderThePrefixCount() {
        let objects = [object("2026/11/a.json"), object("2026/12/b.json"), object("other/c.json")]
        let report = reconcile(objects, stored: ["2026/11/a.json": ["e1"]], prefix: "2026/")
        #expect(report.checked == 2)
        #expect(report.prefix == "2026/")
        #expect(report.missing.map(\.key) == ["2026/12/b.json"])
        let all = reconcile(objects, prefix: "")
        #expect(all.prefix == nil && all.checked == 3)
    }

    @Test func recentObjectsAreLeftOut() {
        let report = reconcile(
            [object("old.json", modified: now - 600), object("new.json", modified: now - 5), object("unknown.json")],
            modifiedBefore: now - 60
        )
        #expect(report.skippedRecent == 1)
        #expect(report.missing.map(\.key) == ["old.json", "unknown.json"])
    }

    @Test func markReadsTheEventsETagAndPosition() throws {
        let letter = DeadLetterSamples.letter(key: "2026/11/a1.json", stage: .validate, code: "totals_mismatch", errorClass: .permanent)
        let mark = try #require(DeadLetterMark(entry: DeadLetterSamples.entry(letter, offset: 12)))
        #expect(mark.source == SourceObject(bucket: "invoices", key: "2026/11/a1.json"))
        #expect(mark.eTag == "e15")
        #expect(mark.code == "totals_mismatch")
        #expect(mark.position == "test.dlq/0/12")
        #expect(mark.failedAt == FailureTime.parseTimestamp(FailureTime.format(now)))
    }

    @Test func textListsMissingKeysUpToTheLimit() {
        let objects = (1 ... 5).map { object("k\($0).json") } + [object("s.json")]
        let report = reconcile(objects, stored: ["s.json": ["e1"]])
        let text = report.text(missingLimit: 2)
        #expect(text.contains("s3://invoices/: 6 checked"))
        #expect(text.contains("  k1.json") && text.contains("  k2.json") && !text.contains("k3.json"))
        #expect(text.contains("… and 3 more"))
        let clean = reconcile([object("s.json")], stored: ["s.json": ["e1"]])
        #expect(clean.text().contains("nothing missing"))
        #expect(!clean.hasMissing)
    }

    @Test func aConflictIsItsOwnStateUntilReplayedOrStored() {
        let report = reconcile(
            [object("winner.json"), object("loser.json"), object("broken.json")],
            stored: ["winner.json": ["e1"]],
            marks: [mark("loser.json", code: "access_key_conflict", offset: 0), mark("broken.json", code: "totals_mismatch", offset: 1)]
        )
        #expect(report.counts.conflicted == 1 && report.counts.deadLettered == 1 && report.counts.stored == 1)
        #expect(report.conflicted.map(\.key) == ["loser.json"])
        #expect(report.deadLettered.map(\.key) == ["broken.json"])
        #expect(report.text().contains("conflicted (another object's invoice holds the access key"))
        #expect(!report.hasMissing)
        // Replayed with --overwrite-conflicts: pending until the worker stores it.
        let replayed = reconcile([object("loser.json")], marks: [mark("loser.json", code: "access_key_conflict", offset: 0)],
                                 replayed: ["invoices.dlq/0/0"])
        #expect(replayed.counts.replayedPending == 1 && replayed.counts.conflicted == 0)
        // Once the worker stored it, the object it replaced is the conflicted one: not missing.
        let decided = reconcile([object("loser.json"), object("winner.json")], stored: ["loser.json": ["e1"]],
                                replaced: ["winner.json": ["e1": "loser.json"]])
        #expect(decided.counts.stored == 1 && decided.counts.conflicted == 1 && !decided.hasMissing)
        #expect(decided.conflicted.first?.replacedBy == "loser.json")
        #expect(decided.text().contains("winner.json  (replaced on an operator's replay by loser.json)"))
    }

    @Test func reportRoundTripsThroughJSON() throws {
        let report = reconcile(
            [object("a.json"), object("b.json")], marks: [mark("a.json", code: "invalid_json", offset: 0, failedAt: now)]
        )
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(ObjectReconciliation.self, from: data) == report)
        struct Shape: Decodable { var counts: [String: Int] }
        #expect(try JSONDecoder().decode(Shape.self, from: data).counts == ["stored": 0, "deadLettered": 1, "conflicted": 0, "replayedPending": 0, "missing": 1])
    }
}
