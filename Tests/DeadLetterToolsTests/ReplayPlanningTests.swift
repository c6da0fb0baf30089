@testable import DeadLetterTools
import FleetContracts
import Foundation
import Kafka
import Testing

struct ReplayPlanningTests {
    let mix = DeadLetterSamples.mix

    private func configuration(_ selection: DeadLetterSelection = .all) -> DeadLetterReplayConfiguration {
        DeadLetterReplayConfiguration(deadLetterTopic: "test.dlq", targetTopic: "uploads", groupID: "g", selection: selection)
    }

    @Test func sendsTheOriginalValueAndKeyWithReplayHeaders() throws {
        let record = DeadLetterSamples.record(mix[2], partition: 1, offset: 42)
        guard case let .send(message) = ReplayDecision.decide(record, configuration: configuration()) else {
            Issue.record("expected a send")
            return
        }
        #expect(message.topic == "uploads")
        #expect(message.value == mix[2].value)
        #expect(message.key == Array("invoices/2026/11/a3.json".utf8))
        #expect(message.headers == [KafkaHeader(ReplayHeader.replayOf, "test.dlq/1/42"), KafkaHeader(ReplayHeader.attempts, "2")])
    }

    @Test func onlyConflictsCarryTheOverwriteApprovalAndOnlyWhenAsked() throws {
        let conflict = DeadLetterSamples.record(
            DeadLetterSamples.letter(key: "2026/11/c1.json", stage: .write, code: "access_key_conflict", errorClass: .permanent), offset: 7)
        let other = DeadLetterSamples.record(mix[0], offset: 8)
        var config = configuration()
        let approval = KafkaHeader(ReplayHeader.overwriteConflict, "true")
        func headers(_ record: KafkaRecord) -> [KafkaHeader] {
            if case let .send(message) = ReplayDecision.decide(record, configuration: config) { return message.headers }
            return []
        }
        #expect(!headers(conflict).contains(approval), "without --overwrite-conflicts a conflict is replayed as it was")
        config.overwriteConflicts = true
        #expect(headers(conflict).contains(approval))
        #expect(!headers(other).contains(approval), "other codes never carry it")
    }

    /// Each selection keeps its own position, so replaying one code cannot pass over
    /// (and so hide) the dead letters of another.
    @Test func eachSelectionHasItsOwnReplayPosition() throws {
        let byCode = { (codes: Set<String>) in
            DeadLetterReplayConfiguration.groupID(named: nil, selection: DeadLetterSelection(codes: codes))
        }
        #expect(byCode(["file_too_large"]) == "invoice-fleet-replay.code=file_too_large")
        #expect(byCode(["b", "a"]) == byCode(["a", "b"]))
        #expect(byCode(["file_too_large"]) != byCode(["totals_mismatch"]))
        #expect(DeadLetterReplayConfiguration.groupID(named: nil, selection: .all) == "invoice-fleet-replay")
        let windowed = DeadLetterSelection(codes: ["x"], window: FailureWindow(since: Date(), until: nil))
        #expect(DeadLetterReplayConfiguration.groupID(named: nil, selection: windowed) == byCode(["x"]), "the window does not name the position")
        #expect(DeadLetterReplayConfiguration.groupID(named: "night", selection: windowed) == "invoice-fleet-replay.night")
    }

    @Test func refusesAtMaxAttemptsUnlessForced() {
        let tired = DeadLetterSamples.record(mix[3], offset: 3) // attempts 5
        var config = configuration()
        #expect(ReplayDecision.decide(tired, configuration: config) == .tooManyAttempts(5))
        config.maxAttempts = 6
        #expect(ReplayDecision.decide(tired, configuration: config).isSelected)
        config.maxAttempts = 5
        config.force = true
        if case .send = ReplayDecision.decide(tired, configuration: config) {} else { Issue.record("force should send") }
    }

    @Test func passesOverUnselectedAndUnreadableRecords() {
        let config = configuration(DeadLetterSelection(codes: ["invalid_json"]))
        #expect(ReplayDecision.decide(DeadLetterSamples.record(mix[0], offset: 0), configuration: config) == .notSelected)
        let noise = KafkaRecord(topic: "test.dlq", partition: 0, offset: 1, key: nil, value: [0])
        #expect(ReplayDecision.decide(noise, configuration: config) == .unreadable)
    }

    @Test func chunkPositionsStopBeforeTheFirstUnacknowledgedMessagePerPartition() {
        var chunk = ReplayChunk()
        let message = KafkaOutgoingMessage(topic: "t", key: nil as String?, value: [1])
        func record(_ partition: Int32, _ offset: Int64) -> KafkaRecord {
            KafkaRecord(topic: "d", partition: partition, offset: offset, key: nil, value: [])
        }
        chunk.add(record(0, 10), sending: message) // message 0
        chunk.add(record(0, 11), sending: nil)
        chunk.add(record(1, 5), sending: message) // message 1
        chunk.add(record(0, 12), sending: message) // message 2
        chunk.add(record(1, 6), sending: nil)
        #expect(chunk.positions(acknowledged: [true, true, true]) == [0: 13, 1: 7])
        #expect(chunk.positions(acknowledged: [true, false, true]) == [0: 13])
        #expect(chunk.positions(acknowledged: [false, true, true]) == [1: 7])
    }

    @Test func pacerSpreadsMessagesOverTime() {
        let pacer = ReplayPacer(rate: 20)
        #expect(pacer.chunkSize == 2)
        #expect(pacer.delay(sent: 0, elapsed: .zero) == .zero)
        #expect(pacer.delay(sent: 10, elapsed: .milliseconds(200)) == .milliseconds(300))
        #expect(pacer.delay(sent: 10, elapsed: .seconds(1)) == .zero)
        #expect(ReplayPacer(rate: nil).delay(sent: 1000, elapsed: .zero) == .zero)
        #expect(ReplayPacer(rate: 0.5).chunkSize == 1)
    }

    @Test func cursorKeepsOnlyRecordsInsideExactRanges() {
        let now = ContinuousClock().now
        var cursor = ScanCursor(
            [PartitionRange(partition: 0, start: 2, end: 4), PartitionRange(partition: 1, start: 0, end: 0)],
            tailGrace: .seconds(2), now: now
        )
        #expect(!cursor.isComplete)
        let batch = (0 ..< 6).map { KafkaRecord(topic: "d", partition: 0, offset: Int64($0), key: nil, value: [], timestampMilliseconds: 10) }
        #expect(cursor.admit(batch, now: now).map(\.offset) == [2, 3])
        #expect(cursor.isComplete)
        #expect(cursor.progress.done == 2 && cursor.progress.total == 2)
    }

    /// Tansu reports one past the first record of the last batch as the high watermark:
    /// the rest of that batch, written before the scan, still belongs to it.
    @Test func watermarkRangesReadTheLastBatchButNothingNewer() {
        let start = ContinuousClock().now
        var cursor = ScanCursor(
            [PartitionRange(partition: 0, start: 0, end: 1, low: 0, watermarkTime: 1000), PartitionRange(partition: 1, start: 0, end: 0, low: 0, watermarkTime: 1000)],
            tailGrace: .seconds(2), now: start
        )
        func record(_ offset: Int64, at millis: Int64) -> KafkaRecord {
            KafkaRecord(topic: "d", partition: 0, offset: offset, key: nil, value: [], timestampMilliseconds: millis)
        }
        #expect(cursor.admit([record(0, at: 900), record(1, at: 900), record(2, at: 1000)], now: start).map(\.offset) == [0, 1, 2])
        #expect(!cursor.isComplete, "the tail stays open for its grace period")
        cursor.expireTails(now: start + .seconds(1))
        #expect(!cursor.isComplete)
        #expect(cursor.admit([record(3, at: 1001), record(4, at: 900)], now: start + .seconds(1)).isEmpty)
        #expect(cursor.isComplete, "a record written after the start ends the partition")

        var quiet = ScanCursor([PartitionRange(partition: 0, start: 5, end: 1, low: 0, watermarkTime: 1000)], tailGrace: .seconds(2), now: start)
        #expect(!quiet.isComplete, "a position past the reported watermark still needs a look")
        quiet.expireTails(now: start + .seconds(2))
        #expect(quiet.isComplete)
    }

    @Test func exportLineKeepsBytesAsTextOrBase64() throws {
        let text = KafkaRecord(topic: "d", partition: 1, offset: 7, key: Array("b/k".utf8), value: Array("{\"a\":\"ç\"}".utf8),
                               headers: [KafkaHeader("error.code", "x")], timestampMilliseconds: 1000)
        let line = DeadLetterExportLine(record: text)
        #expect(line.value == "{\"a\":\"ç\"}" && line.valueBase64 == nil)
        #expect(line.valueBytes == text.value)
        let binary = DeadLetterExportLine(record: KafkaRecord(topic: "d", partition: 0, offset: 0, key: nil, value: [0xFF, 0x00, 0xC3]))
        #expect(binary.value == nil && binary.valueBase64 == "/wDD")
        #expect(binary.valueBytes == [0xFF, 0x00, 0xC3])
        let decoded = try JSONDecoder().decode(DeadLetterExportLine.self, from: Data(line.encoded().utf8))
        #expect(decoded == line)
        #expect(try !binary.encoded().contains("\"value\""))
    }
}
