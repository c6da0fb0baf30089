import FleetContracts
import InvoiceGenerator

/// The comparison of what the generator expected with what the fleet reported: pure, so
/// that every way a run can go wrong is testable without a stack.
package struct Reconciliation: Sendable, Equatable {
    /// Expected and observed counts of one outcome (`stored`, or a dead-letter code).
    package struct Tally: Codable, Sendable, Equatable {
        package var expected = 0
        /// Objects whose outcome matched, counted once however often it was reported.
        package var matched = 0

        package init(expected: Int = 0, matched: Int = 0) {
            self.expected = expected
            self.matched = matched
        }
    }

    /// Per outcome: `stored`, or the dead-letter code.
    package var byOutcome: [String: Tally] = [:]
    package var mismatches: [Mismatch] = []
    /// Objects with at least one outcome.
    package var accounted = 0
    /// Outcome records beyond the first for an object, with the same result: allowed
    /// by the at-least-once contract (a redelivered event is processed again).
    package var duplicates = 0
    /// The first outcome of each expected object, for latency.
    package var firstOutcomes: [String: ObservedOutcome] = [:]

    /// Whether every upload succeeded and ended exactly as expected.
    package var passed: Bool { mismatches.isEmpty }

    package func count(_ kind: Mismatch.Kind) -> Int { mismatches.filter { $0.kind == kind }.count }

    /// - Parameters:
    ///   - expected: Every successfully uploaded object, by key.
    ///   - uploadFailures: Objects whose upload failed, with the error.
    ///   - observed: Every outcome record of the run, in the order read.
    package init(expected: [String: ExpectedOutcome], uploadFailures: [String: String] = [:], observed: [ObservedOutcome]) {
        var byKey: [String: [ObservedOutcome]] = [:]
        for outcome in observed { byKey[outcome.key, default: []].append(outcome) }

        for (key, expectation) in expected {
            let label = Self.label(expectation)
            byOutcome[label, default: Tally()].expected += 1
            guard let outcomes = byKey[key], let first = outcomes.first else {
                mismatches.append(Mismatch(kind: .missing, key: key, expected: expectation.description))
                continue
            }
            accounted += 1
            firstOutcomes[key] = first
            let distinct = Set(outcomes.map(\.result))
            duplicates += outcomes.count - distinct.count
            if distinct.count > 1 {
                mismatches.append(Mismatch(
                    kind: .conflicting, key: key, expected: expectation.description,
                    observed: distinct.map(\.description).sorted().joined(separator: " and ")
                ))
            } else if Self.matches(first.result, expectation) {
                byOutcome[label, default: Tally()].matched += 1
            } else {
                mismatches.append(Mismatch(kind: .wrongOutcome, key: key, expected: expectation.description, observed: first.result.description))
            }
        }
        checkContestedPairs(expected)
        for (key, error) in uploadFailures {
            mismatches.append(Mismatch(kind: .uploadFailed, key: key, observed: error))
        }
        for (key, outcomes) in byKey where expected[key] == nil && uploadFailures[key] == nil {
            mismatches.append(Mismatch(kind: .unexpected, key: key, observed: outcomes[0].result.description))
        }
        // Stable order for reports and tests: by kind, then key.
        let order = Dictionary(uniqueKeysWithValues: Mismatch.Kind.allCases.enumerated().map { ($1, $0) })
        mismatches.sort { (order[$0.kind]!, $0.key) < (order[$1.kind]!, $1.key) }
    }

    /// `stored`, the expected dead-letter code, or `contested`.
    static func label(_ expectation: ExpectedOutcome) -> String {
        switch expectation {
        case .stored: "stored"
        case let .deadLettered(code): code.rawValue
        case .contested: Self.contestedLabel
        }
    }

    /// The label of the files of contested pairs: one of each pair stored, the other a conflict.
    package static let contestedLabel = "contested"

    static func matches(_ result: ObservedOutcome.Result, _ expectation: ExpectedOutcome) -> Bool {
        switch (result, expectation) {
        case let (.stored(observed), .stored(expected)): observed == expected
        case let (.deadLettered(observed, _), .deadLettered(expected)): observed == expected.rawValue
        case let (.stored(observed), .contested(expected)): observed == expected
        case let (.deadLettered(observed, _), .contested): observed == DeadLetterCode.accessKeyConflict.rawValue
        default: false
        }
    }

    /// Each contested access key must end with exactly one of its files stored: two
    /// stored means one invoice overwrote the other; none stored, both lost.
    private mutating func checkContestedPairs(_ expected: [String: ExpectedOutcome]) {
        var claimants: [String: [String]] = [:]
        for (key, expectation) in expected {
            if case let .contested(accessKey) = expectation { claimants[accessKey, default: []].append(key) }
        }
        for (accessKey, keys) in claimants {
            let outcomes = keys.compactMap { firstOutcomes[$0]?.result }
            guard outcomes.count == keys.count else { continue } // a missing file is reported as such
            let stored = outcomes.filter { if case .stored = $0 { true } else { false } }.count
            guard stored != 1 else { continue }
            for key in keys.sorted() {
                mismatches.append(Mismatch(
                    kind: .wrongOutcome, key: key, expected: "exactly one of \(keys.count) files claiming \(accessKey) stored",
                    observed: "\(stored) stored"))
            }
        }
    }
}
