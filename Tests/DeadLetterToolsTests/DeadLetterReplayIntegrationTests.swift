import DeadLetterTools
import FleetContracts
import FleetTestSupport
import Foundation
import Kafka
import Synchronization
import Testing

/// `replay` against the running broker: a DLQ topic, a target topic and a group per test.
@Suite(.enabled(if: LocalStack.kafkaIsUp, LocalStack.kafkaMissing), .timeLimit(.minutes(5)))
struct DeadLetterReplayIntegrationTests {
    let fixture = DeadLetterStackFixture()
    let mix = DeadLetterSamples.mix

    /// `replay.of` → the replayed record, checking that no dead letter went twice.
    private func replayed(in target: String) async throws -> [String: KafkaRecord] {
        let records = try await fixture.records(of: target)
        let byOrigin = Dictionary(records.map { ($0.header(ReplayHeader.replayOf) ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byOrigin.count == records.count, "a dead letter was replayed twice")
        return byOrigin
    }

    @Test func replayOfOneCodeSendsExactlyThoseWithReplayHeaders() async throws {
        let dlq = try await fixture.deadLetterTopic(noise: 1)
        let target = try await fixture.createTopic("test-uploads", partitions: 3)
        let before = try await fixture.watermarks(of: dlq)
        let dlqRecords = try await fixture.records(of: dlq)
        let report = try await fixture.replayer(
            from: dlq, to: target, group: LocalStack.uniqueName("replay"), selection: DeadLetterSelection(codes: ["invalid_json"])
        ).run()
        #expect(report.selected == 2 && report.sent == 2 && report.refusedForAttempts == 0 && report.alreadyReplayed == 0)
        #expect(report.scanned == 11 && report.unreadable == 1 && report.reachedEnd)

        let sent = try await replayed(in: target)
        #expect(sent.count == 2)
        for record in dlqRecords where record.header(DeadLetter.Header.code) == "invalid_json" {
            let copy = try #require(sent["\(dlq)/\(record.partition)/\(record.offset)"])
            #expect(copy.value == record.value)
            #expect(copy.key == record.key)
            #expect(copy.header(ReplayHeader.attempts) == record.header(DeadLetter.Header.attempts))
            #expect(copy.headers.count == 2)
        }
        #expect(Set(sent.values.map { $0.header(ReplayHeader.attempts) }) == ["1", "3"])
        // The DLQ itself is untouched.
        #expect(try await fixture.watermarks(of: dlq) == before)
        #expect(try await fixture.records(of: dlq) == dlqRecords)
    }

    @Test func interruptedReplayRestartedSendsEverythingOnce() async throws {
        let dlq = try await fixture.deadLetterTopic(partitions: 2)
        let target = try await fixture.createTopic("test-uploads", partitions: 2)
        let group = LocalStack.uniqueName("replay")
        let first = try await fixture.replayer(from: dlq, to: target, group: group) { $0.maxRecords = 3 }.run()
        #expect(first.sent == 3)
        #expect(!first.reachedEnd)
        #expect(try await fixture.records(of: target).count == 3)

        let second = try await fixture.replayer(from: dlq, to: target, group: group).run()
        // Nine can go: a4 has attempts 5, refused by default in whichever run reads it.
        #expect(first.sent + second.sent == 9)
        #expect(first.refusedForAttempts + second.refusedForAttempts == 1)
        #expect(first.selected + second.selected == 10)
        #expect(second.alreadyReplayed == first.selected)
        #expect(second.reachedEnd)

        let sent = try await replayed(in: target)
        let dlqRecords = try await fixture.records(of: dlq)
        let expected = Set(dlqRecords.filter { $0.header(DeadLetter.Header.attempts) != "5" }.map { "\(dlq)/\($0.partition)/\($0.offset)" })
        #expect(Set(sent.keys) == expected)

        let third = try await fixture.replayer(from: dlq, to: target, group: group).run()
        #expect(third.sent == 0 && third.selected == 0 && third.alreadyReplayed == 10)
        #expect(try await fixture.records(of: target).count == 9)
    }

    @Test func dryRunSendsNothingAndKeepsThePosition() async throws {
        let dlq = try await fixture.deadLetterTopic()
        let target = try await fixture.createTopic("test-uploads", partitions: 1)
        let group = LocalStack.uniqueName("replay")
        let selection = DeadLetterSelection(codes: ["s3_unavailable", "totals_mismatch"])
        let plan = try await fixture.replayer(from: dlq, to: target, group: group, selection: selection) { $0.dryRun = true }.run()
        #expect(plan.dryRun && plan.sent == 0)
        #expect(plan.selected == 7 && plan.refusedForAttempts == 1)
        #expect(plan.plan.filter { $0.action == "send" }.count == 6)
        #expect(plan.plan.filter { $0.action == "refuse" }.map(\.sample.key) == ["2026/11/a4.json"])
        #expect(try await fixture.reader(target).ranges().map(\.end) == [0])
        let positions = try await DeadLetterReplayer.positions(groupID: group, topic: dlq, settings: fixture.settings, logger: fixture.logger)
        #expect(positions.allSatisfy { $0.start == 0 }, "a dry run must not move the position: \(positions)")

        let real = try await fixture.replayer(from: dlq, to: target, group: group, selection: selection).run()
        #expect(real.sent == 6 && real.refusedForAttempts == 1)
    }

    @Test func maxAttemptsRefusesUnlessForced() async throws {
        let dlq = try await fixture.deadLetterTopic(partitions: 1)
        let target = try await fixture.createTopic("test-uploads", partitions: 1)
        let totals = DeadLetterSelection(codes: ["totals_mismatch"])
        let strict = try await fixture.replayer(from: dlq, to: target, group: LocalStack.uniqueName("replay"), selection: totals) {
            $0.maxAttempts = 2
        }.run()
        #expect(strict.selected == 4 && strict.sent == 2 && strict.refusedForAttempts == 2)

        let forced = try await fixture.replayer(from: dlq, to: target, group: LocalStack.uniqueName("replay"), selection: totals) {
            $0.maxAttempts = 2
            $0.force = true
        }.run()
        #expect(forced.sent == 4 && forced.refusedForAttempts == 0)
        let attempts = try await fixture.records(of: target).compactMap { $0.header(ReplayHeader.attempts) }
        #expect(attempts.sorted() == ["1", "1", "1", "1", "2", "5"])
    }

    @Test func resetAndFromBeginningReplayAgain() async throws {
        let dlq = try await fixture.deadLetterTopic(partitions: 2)
        let target = try await fixture.createTopic("test-uploads", partitions: 1)
        let group = LocalStack.uniqueName("replay")
        let parse = DeadLetterSelection(stages: [.parse])
        #expect(try await fixture.replayer(from: dlq, to: target, group: group, selection: parse).run().sent == 2)
        let done = try await DeadLetterReplayer.positions(groupID: group, topic: dlq, settings: fixture.settings, logger: fixture.logger)
        let ends = Dictionary(try await fixture.records(of: dlq).map { ($0.partition, $0.offset + 1) }, uniquingKeysWith: max)
        #expect(Dictionary(uniqueKeysWithValues: done.map { ($0.partition, $0.start) }) == ends, "the position is past every record")

        try await DeadLetterReplayer.resetPosition(groupID: group, topic: dlq, settings: fixture.settings, logger: fixture.logger)
        let reset = try await DeadLetterReplayer.positions(groupID: group, topic: dlq, settings: fixture.settings, logger: fixture.logger)
        #expect(reset.allSatisfy { $0.start == 0 })
        #expect(try await fixture.replayer(from: dlq, to: target, group: group, selection: parse).run().sent == 2)

        let again = try await fixture.replayer(from: dlq, to: target, group: group, selection: parse) { $0.fromBeginning = true }.run()
        #expect(again.sent == 2 && again.alreadyReplayed == 0)
        #expect(try await fixture.records(of: target).count == 6)
    }

    @Test func missingTopicsFailBeforeAnythingIsSent() async throws {
        let dlq = try await fixture.deadLetterTopic(partitions: 1)
        let missing = LocalStack.uniqueName("no-such-topic")
        let brokers = fixture.settings.brokers
        await #expect(throws: DeadLetterToolError.unknownTopic(topic: missing, brokers: brokers)) {
            _ = try await fixture.replayer(from: missing, to: dlq, group: LocalStack.uniqueName("replay")).run()
        }
        await #expect(throws: DeadLetterToolError.unknownTopic(topic: missing, brokers: brokers)) {
            _ = try await fixture.replayer(from: dlq, to: missing, group: LocalStack.uniqueName("replay")).run()
        }
        // Asking about it did not create it.
        await #expect(throws: DeadLetterToolError.unknownTopic(topic: missing, brokers: brokers)) {
            _ = try await fixture.reader(missing).ranges()
        }
    }

    @Test func rateLimitPacesTheReplay() async throws {
        let dlq = try await fixture.deadLetterTopic(partitions: 1)
        let target = try await fixture.createTopic("test-uploads", partitions: 1)
        let clock = ContinuousClock()
        let start = clock.now
        let updates = ProgressLog()
        let report = try await fixture.replayer(from: dlq, to: target, group: LocalStack.uniqueName("replay"), selection: DeadLetterSelection(classes: [.transient])) {
            $0.rate = 4
        }.run { updates.append($0) }
        #expect(report.sent == 3)
        // Three messages at 4/s: the third is due 0.5 s after the first.
        #expect(clock.now - start >= .milliseconds(500))
        #expect(updates.last?.sent == 3)
        #expect(updates.values.map(\.sent) == updates.values.map(\.sent).sorted())
    }
}

/// Collects progress reports from the replayer's callback.
final class ProgressLog: Sendable {
    private let storage = Mutex<[ReplayProgress]>([])
    func append(_ progress: ReplayProgress) { storage.withLock { $0.append(progress) } }
    var values: [ReplayProgress] { storage.withLock { $0 } }
    var last: ReplayProgress? { values.last }
}
