import DeadLetterTools
import FleetContracts
import FleetMessaging
import FleetTestSupport
import Foundation
import Kafka
import Testing

/// `inspect` and `export` against the running broker, on DLQ topics of their own.
@Suite(.enabled(if: LocalStack.kafkaIsUp, LocalStack.kafkaMissing), .timeLimit(.minutes(3)))
struct DeadLetterReadingIntegrationTests {
    let fixture = DeadLetterStackFixture()
    let now = DeadLetterSamples.now

    @Test func inspectCountsWhatWasDeadLettered() async throws {
        let dlq = try await fixture.deadLetterTopic(noise: 1)
        let before = try await fixture.watermarks(of: dlq)
        let summary = try await DeadLetterInspector(reader: fixture.reader(dlq)).summarize(.all, sampleLimit: 2)
        #expect(summary.scanned == 11)
        #expect(summary.unreadable == 1)
        #expect(summary.matched == 10)
        #expect(summary.byStage == ["validate": 5, "parse": 2, "fetch": 3])
        #expect(summary.byCode == ["totals_mismatch": 4, "access_key_check_digit": 1, "invalid_json": 2, "s3_unavailable": 3])
        #expect(summary.byClass == ["permanent": 7, "transient": 3])
        #expect(summary.maxAttempts == 5 && summary.retried == 4)
        #expect(summary.oldest?.key == "2026/11/a1.json" && summary.newest?.key == "2026/11/a4.json")
        #expect(summary.samples.count == 2)
        // Reading changed nothing.
        #expect(try await fixture.watermarks(of: dlq) == before)

        let window = DeadLetterSelection(window: FailureWindow(since: now - 6 * 3600))
        let recent = try await DeadLetterInspector(reader: fixture.reader(dlq)).summarize(window)
        #expect(recent.matched == 6)
        #expect(recent.byCode == ["totals_mismatch": 3, "s3_unavailable": 3])
    }

    @Test func inspectStopsAtTheEndItSawAtTheStart() async throws {
        let dlq = try await fixture.deadLetterTopic(partitions: 1)
        let reader = fixture.reader(dlq)
        let ranges = try await reader.ranges()
        // Published after the start: not part of this scan.
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: fixture.settings.client), logger: fixture.logger)
        _ = try await producer.send(DeadLetterSamples.mix[0].message(topic: dlq))
        await producer.shutdown()
        var seen = 0
        try await reader.scan(ranges) { seen += $0.count }
        #expect(seen == 10)
    }

    @Test func exportWritesEverySelectedDeadLetterWhole() async throws {
        let dlq = try await fixture.deadLetterTopic(noise: 2)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(LocalStack.uniqueName("dlq-export")).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try JSONLinesFile(path: path)
        let report = try await DeadLetterExporter(reader: fixture.reader(dlq)).export(.all, to: file)
        try file.close()
        #expect(report.scanned == 12 && report.written == 10 && report.unreadable == 2)

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = try text.split(separator: "\n").map { try JSONDecoder().decode(DeadLetterExportLine.self, from: Data($0.utf8)) }
        #expect(lines.count == 10)
        #expect(Set(lines.map { "\($0.partition)/\($0.offset)" }).count == 10)
        let originals = Dictionary(uniqueKeysWithValues: DeadLetterSamples.mix.map { (String(decoding: $0.key!, as: UTF8.self), $0) })
        for line in lines {
            let original = try #require(originals[line.key ?? ""])
            #expect(line.topic == dlq)
            #expect(line.valueBytes == original.value)
            #expect(line.valueBase64 == nil)
            #expect(line.timestamp != nil)
            #expect(line.headers["error.code"] == original.code.rawValue)
            #expect(line.headers["attempts"] == String(original.attempts))
            #expect(line.headers.count == 10)
        }

        let only = try JSONLinesFile(path: path)
        let parse = try await DeadLetterExporter(reader: fixture.reader(dlq)).export(DeadLetterSelection(stages: [.parse]), to: only)
        try only.close()
        #expect(parse.written == 2)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test func missingTopicOrBrokerFailsClearly() async throws {
        let missing = LocalStack.uniqueName("no-such.dlq")
        let brokers = fixture.settings.brokers
        await #expect(throws: DeadLetterToolError.unknownTopic(topic: missing, brokers: brokers)) {
            _ = try await DeadLetterInspector(reader: fixture.reader(missing)).summarize(.all)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(missing).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try JSONLinesFile(path: path)
        await #expect(throws: DeadLetterToolError.unknownTopic(topic: missing, brokers: brokers)) {
            _ = try await DeadLetterExporter(reader: fixture.reader(missing)).export(.all, to: file)
        }

        var nowhere = DeadLetterClusterSettings(brokers: "127.0.0.1:1")
        nowhere.metadataTimeout = .seconds(2)
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: DeadLetterToolError.self) {
            _ = try await DeadLetterInspector(reader: DeadLetterReader(topic: "invoices.dlq", settings: nowhere, logger: fixture.logger)).summarize(.all)
        }
        guard case let .unreachable(brokers: at, detail: _) = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(at == "127.0.0.1:1")
        #expect(error?.description.hasPrefix("cannot reach Kafka at 127.0.0.1:1") == true)
        #expect(clock.now - start < .seconds(15))
    }
}
