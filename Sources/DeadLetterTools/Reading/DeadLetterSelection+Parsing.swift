import FleetContracts
import Foundation

extension DeadLetterSelection {
    /// Builds a selection from the words an operator typed, checking each one.
    ///
    /// - Parameters:
    ///   - stages: `error.stage` names (`relay`, `decode-event`, `fetch`, `parse`, `validate`, `write`).
    ///   - classes: `permanent` or `transient`.
    ///   - since: lower bound (see `FailureTime.parseBound`), inclusive.
    ///   - until: upper bound, exclusive.
    ///   - now: the time relative bounds count back from.
    /// - Throws: `DeadLetterToolError.invalidFilter` for an unknown stage or class, an
    ///   unreadable time, or a window that ends before it starts.
    package init(
        codes: [String] = [], stages: [String] = [], classes: [String] = [], keyPrefix: String? = nil,
        since: String? = nil, until: String? = nil, now: Date
    ) throws(DeadLetterToolError) {
        var parsedStages: Set<DeadLetter.Stage> = []
        for name in stages {
            guard let stage = DeadLetter.Stage(rawValue: name.lowercased()) else {
                let known = DeadLetter.Stage.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidFilter("unknown stage '\(name)' (known: \(known))")
            }
            parsedStages.insert(stage)
        }
        var parsedClasses: Set<DeadLetter.ErrorClass> = []
        for name in classes {
            guard let errorClass = DeadLetter.ErrorClass(rawValue: name.lowercased()) else {
                let known = DeadLetter.ErrorClass.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidFilter("unknown class '\(name)' (known: \(known))")
            }
            parsedClasses.insert(errorClass)
        }
        if let empty = codes.first(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw .invalidFilter("empty error code '\(empty)'")
        }
        let window = FailureWindow(
            since: try since.map { text throws(DeadLetterToolError) in try FailureTime.parseBound(text, now: now) },
            until: try until.map { text throws(DeadLetterToolError) in try FailureTime.parseBound(text, now: now) }
        )
        if let start = window.since, let end = window.until, end <= start {
            throw .invalidFilter("--until (\(FailureTime.format(end))) is not after --since (\(FailureTime.format(start)))")
        }
        self.init(codes: Set(codes), stages: parsedStages, classes: parsedClasses, keyPrefix: keyPrefix, window: window)
    }
}
