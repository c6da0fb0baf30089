import DeadLetterTools
import FleetContracts
import Foundation
import Kafka
import Testing

struct DeadLetterSelectionTests {
    let now = DeadLetterSamples.now
    var entries: [DeadLetterEntry] {
        DeadLetterSamples.mix.enumerated().map { DeadLetterSamples.entry($1, offset: Int64($0)) }
    }

    private func keys(_ selection: DeadLetterSelection) -> [String] {
        entries.filter(selection.matches).compactMap { $0.source?.key }
    }

    @Test func emptySelectionKeepsEverything() {
        #expect(keys(.all).count == 10)
    }

    @Test func codesStagesAndClassesEachNarrowAndCombine() throws {
        #expect(keys(DeadLetterSelection(codes: ["invalid_json"])) == ["2026/12/c1.json", "2026/12/c2.json"])
        #expect(keys(DeadLetterSelection(codes: ["invalid_json", "s3_unavailable"])).count == 5)
        #expect(keys(DeadLetterSelection(stages: [.validate])).count == 5)
        #expect(keys(DeadLetterSelection(classes: [.transient])) == ["batch 7/d1.json", "batch 7/d2.json", "batch 7/d3.json"])
        #expect(keys(DeadLetterSelection(codes: ["invalid_json"], stages: [.validate])).isEmpty)
        #expect(keys(DeadLetterSelection(codes: ["no_such_code"])).isEmpty)
    }

    @Test func keyPrefixMatchesTheDecodedObjectKeyWithoutBucket() {
        #expect(keys(DeadLetterSelection(keyPrefix: "2026/12/")) == ["2026/12/c1.json", "2026/12/c2.json"])
        // S3 sends "batch+7/…"; the prefix is matched against the decoded key.
        #expect(keys(DeadLetterSelection(keyPrefix: "batch 7/")).count == 3)
        #expect(keys(DeadLetterSelection(keyPrefix: "invoices/")).isEmpty)
    }

    @Test func windowUsesFailedAtHeader() throws {
        let recent = try DeadLetterSelection(since: "6h", now: now)
        #expect(Set(keys(recent)) == ["2026/11/a2.json", "2026/11/a3.json", "2026/11/a4.json", "batch 7/d1.json", "batch 7/d2.json", "batch 7/d3.json"])
        let older = try DeadLetterSelection(since: "2d", until: "12h", now: now)
        #expect(Set(keys(older)) == ["2026/11/b1.json", "2026/12/c2.json"])
    }

    @Test func windowFallsBackToTheRecordTimestamp() throws {
        var letter = DeadLetterSamples.letter(key: "x.json", stage: .write, code: "dynamo_throttled", errorClass: .transient)
        letter.failedAt = ""
        let millis = Int64((now.timeIntervalSince1970 - 7200) * 1000)
        let entry = try #require(DeadLetterEntry(record: DeadLetterSamples.record(letter, offset: 0, timestamp: millis)))
        #expect(entry.failedAt == now - 7200)
        #expect(try DeadLetterSelection(since: "3h", now: now).matches(entry))
        #expect(try !DeadLetterSelection(since: "1h", now: now).matches(entry))
        let timeless = try #require(DeadLetterEntry(record: DeadLetterSamples.record(letter, offset: 0)))
        #expect(timeless.failedAt == nil)
        #expect(try !DeadLetterSelection(since: "3h", now: now).matches(timeless))
        #expect(DeadLetterSelection.all.matches(timeless))
    }

    @Test func sourceFallsBackToTheKafkaKeyWhenTheValueIsNoS3Event() throws {
        var letter = DeadLetterSamples.letter(key: "k", stage: .relay, code: "oversized", errorClass: .permanent)
        letter.value = Array("not json".utf8)
        letter.key = Array("uploads/dir+1/f%C3%A9.json".utf8)
        let entry = try #require(DeadLetterEntry(record: DeadLetterSamples.record(letter, offset: 0)))
        #expect(entry.source == SourceObject(bucket: "uploads", key: "dir 1/fé.json"))
    }

    @Test func operatorWordsAreParsedAndChecked() throws {
        let selection = try DeadLetterSelection(
            codes: ["a", "b"], stages: ["decode-event", "Validate"], classes: ["transient"], keyPrefix: "x/", now: now
        )
        #expect(selection.codes == ["a", "b"])
        #expect(selection.stages == [.decodeEvent, .validate])
        #expect(selection.classes == [.transient])
        #expect(selection.summary == "code=a,b stage=decode-event,validate class=transient key-prefix=x/")
        #expect(throws: DeadLetterToolError.invalidFilter("unknown stage 'decode' (known: relay, decode-event, fetch, parse, validate, write)")) {
            try DeadLetterSelection(stages: ["decode"], now: now)
        }
        #expect(throws: DeadLetterToolError.invalidFilter("unknown class 'fatal' (known: permanent, transient)")) {
            try DeadLetterSelection(classes: ["fatal"], now: now)
        }
        #expect(throws: DeadLetterToolError.self) { try DeadLetterSelection(since: "1h", until: "2h", now: now) }
        #expect(throws: DeadLetterToolError.self) { try DeadLetterSelection(codes: [""], now: now) }
    }
}
