import DeadLetterTools
import FleetContracts
import Foundation
import Kafka
import Testing

struct DeadLetterSummaryTests {
    let now = DeadLetterSamples.now

    private func summary(_ selection: DeadLetterSelection, samples: Int = 3, extra: [KafkaRecord] = []) -> DeadLetterSummary {
        var summary = DeadLetterSummary(topic: "test.dlq", selection: selection, sampleLimit: samples)
        let records = DeadLetterSamples.mix.enumerated().map { DeadLetterSamples.record($1, offset: Int64($0)) } + extra
        for record in records { summary.add(record, selection: selection) }
        summary.finish()
        return summary
    }

    @Test func countsByStageCodeAndClass() {
        let noise = KafkaRecord(topic: "test.dlq", partition: 0, offset: 99, key: nil, value: [1, 2])
        let s = summary(.all, extra: [noise])
        #expect(s.scanned == 11)
        #expect(s.unreadable == 1)
        #expect(s.matched == 10)
        #expect(s.byStage == ["validate": 5, "parse": 2, "fetch": 3])
        #expect(s.byCode == ["totals_mismatch": 4, "access_key_check_digit": 1, "invalid_json": 2, "s3_unavailable": 3])
        #expect(s.byClass == ["permanent": 7, "transient": 3])
        #expect(s.breakdown.map(\.code) == ["totals_mismatch", "s3_unavailable", "invalid_json", "access_key_check_digit"])
        #expect(s.breakdown.map(\.count) == [4, 3, 2, 1])
        #expect(s.breakdown.first?.maxAttempts == 5)
    }

    @Test func attemptsAndTimes() {
        let s = summary(.all)
        #expect(s.maxAttempts == 5)
        #expect(s.averageAttempts == 1.8) // (1+1+2+5+1+1+3+1+1+2) / 10
        #expect(s.retried == 4)
        #expect(s.oldest?.key == "2026/11/a1.json")
        #expect(s.oldest?.failedAt == FailureTime.format(now - 50 * 3600))
        #expect(s.newest?.key == "2026/11/a4.json")
    }

    @Test func selectionNarrowsEveryFigure() throws {
        let s = summary(try DeadLetterSelection(classes: ["transient"], now: now))
        #expect(s.scanned == 10)
        #expect(s.matched == 3)
        #expect(s.byCode == ["s3_unavailable": 3])
        #expect(s.maxAttempts == 2)
        #expect(s.retried == 1)
        #expect(s.oldest?.key == "batch 7/d3.json")
        #expect(s.newest?.key == "batch 7/d1.json")
    }

    @Test func samplesPreferOnePerCodeThenFill() {
        let s = summary(.all, samples: 3)
        #expect(s.samples.map(\.code) == ["totals_mismatch", "access_key_check_digit", "invalid_json"])
        #expect(s.samples.first?.bucket == "invoices")
        #expect(s.samples.first?.message == "totals_mismatch in 2026/11/a1.json")
        let few = summary(try! DeadLetterSelection(codes: ["invalid_json"], now: now), samples: 3)
        #expect(few.samples.map(\.offset) == [5, 6])
        #expect(summary(.all, samples: 0).samples.isEmpty)
    }

    @Test func tableIsAlignedAndComplete() {
        let table = summary(.all).table
        #expect(table.contains("scanned 10, matched 10"))
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try! #require(lines.first { $0.hasPrefix("STAGE") })
        let row = try! #require(lines.first { $0.hasPrefix("validate  totals_mismatch") })
        // COUNT is right-aligned under its header.
        let countEnd = header.range(of: "COUNT")!.upperBound.utf16Offset(in: header)
        #expect(row.count >= countEnd)
        #expect(table.contains("by class:  permanent 7, transient 3"))
        #expect(table.contains("attempts:  max 5, avg 1.8, 4 with attempts > 1"))
    }
}
