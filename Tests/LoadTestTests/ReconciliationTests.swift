import InvoiceDomain
import InvoiceGenerator
import LoadTest
import Testing

/// Matching outcomes against expectations, with synthetic records: no services needed.
struct ReconciliationTests {
    let expected: [String: ExpectedOutcome] = [
        "run/a.json": .stored(accessKey: "A"),
        "run/b.json": .stored(accessKey: "B"),
        "run/c.json": .deadLettered(code: .totalsMismatch),
        "run/d.json": .deadLettered(code: .notJSON),
    ]

    func stored(_ key: String, _ accessKey: String, at time: Int64 = 0) -> ObservedOutcome {
        ObservedOutcome(key: key, result: .stored(accessKey: accessKey), timestampMilliseconds: time)
    }

    func dead(_ key: String, _ code: String, at time: Int64 = 0) -> ObservedOutcome {
        ObservedOutcome(key: key, result: .deadLettered(code: code, stage: "validate"), timestampMilliseconds: time)
    }

    @Test func passesWhenEveryObjectEndsAsExpected() {
        let result = Reconciliation(expected: expected, observed: [
            stored("run/a.json", "A"), dead("run/c.json", "totals_mismatch"), stored("run/b.json", "B"), dead("run/d.json", "not_json"),
        ])
        #expect(result.passed)
        #expect(result.accounted == 4)
        #expect(result.byOutcome["stored"] == .init(expected: 2, matched: 2))
        #expect(result.byOutcome["totals_mismatch"] == .init(expected: 1, matched: 1))
        #expect(result.byOutcome["not_json"] == .init(expected: 1, matched: 1))
    }

    @Test func aContestedPairPassesWithExactlyOneStoredWhicheverItIs() {
        let pair: [String: ExpectedOutcome] = ["run/x.json": .contested(accessKey: "X"), "run/x-corrigida.json": .contested(accessKey: "X")]
        for (winner, loser) in [("run/x.json", "run/x-corrigida.json"), ("run/x-corrigida.json", "run/x.json")] {
            let result = Reconciliation(expected: pair, observed: [stored(winner, "X"), dead(loser, "access_key_conflict")])
            #expect(result.passed, "\(result.mismatches)")
            #expect(result.byOutcome["contested"] == .init(expected: 2, matched: 2))
        }
        let bothStored = Reconciliation(expected: pair, observed: [stored("run/x.json", "X"), stored("run/x-corrigida.json", "X")])
        #expect(!bothStored.passed)
        #expect(bothStored.count(.wrongOutcome) == 2, "one invoice overwrote the other: \(bothStored.mismatches)")
        let bothConflicts = Reconciliation(expected: pair, observed: [dead("run/x.json", "access_key_conflict"), dead("run/x-corrigida.json", "access_key_conflict")])
        #expect(bothConflicts.count(.wrongOutcome) == 2)
        let otherCode = Reconciliation(expected: pair, observed: [stored("run/x.json", "X"), dead("run/x-corrigida.json", "totals_mismatch")])
        #expect(otherCode.count(.wrongOutcome) == 1)
    }

    @Test func duplicatesOfTheSameOutcomeAreAllowedButCounted() {
        let result = Reconciliation(expected: expected, observed: [
            stored("run/a.json", "A", at: 5), stored("run/a.json", "A", at: 9), stored("run/b.json", "B"),
            dead("run/c.json", "totals_mismatch"), dead("run/c.json", "totals_mismatch"), dead("run/d.json", "not_json"),
        ])
        #expect(result.passed)
        #expect(result.duplicates == 2)
        #expect(result.firstOutcomes["run/a.json"]?.timestampMilliseconds == 5, "latency counts from the first outcome")
    }

    @Test func reportsMissingWrongUnexpectedConflictingAndFailedUploads() {
        let result = Reconciliation(
            expected: expected,
            uploadFailures: ["run/e.json": "S3 InternalError"],
            observed: [
                stored("run/a.json", "OTHER"),                       // wrong access key
                dead("run/c.json", "invalid_currency"),              // wrong code
                stored("run/d.json", "D"), dead("run/d.json", "not_json"), // two different outcomes
                stored("run/zzz.json", "Z"),                         // never uploaded
                // run/b.json: nothing at all
            ]
        )
        #expect(!result.passed)
        #expect(result.mismatches.map(\.kind) == [.missing, .wrongOutcome, .wrongOutcome, .conflicting, .unexpected, .uploadFailed])
        #expect(result.mismatches.map(\.key) == ["run/b.json", "run/a.json", "run/c.json", "run/d.json", "run/zzz.json", "run/e.json"])
        let wrongCode = result.mismatches.first { $0.key == "run/c.json" }
        #expect(wrongCode?.expected == "deadLettered(totals_mismatch)")
        #expect(wrongCode?.observed == "deadLettered(invalid_currency, stage validate)")
        #expect(result.byOutcome["stored"] == .init(expected: 2, matched: 0))
        #expect(result.accounted == 3)
    }

    @Test func aDeadLetterForAValidInvoiceIsAMismatch() {
        let result = Reconciliation(expected: ["k": .stored(accessKey: "A")], observed: [dead("k", "s3_unavailable")])
        #expect(result.mismatches == [Mismatch(kind: .wrongOutcome, key: "k", expected: "stored(A)", observed: "deadLettered(s3_unavailable, stage validate)")])
    }
}
