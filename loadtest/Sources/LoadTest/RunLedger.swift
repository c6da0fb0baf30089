import InvoiceGenerator
import Synchronization

/// Everything a run learns as it goes, shared by the uploaders, the outcome reader and
/// the progress display.
final class RunLedger: Sendable {
    struct State {
        /// Objects uploaded or being uploaded; a failed upload moves to `uploadFailures`.
        var expected: [String: ExpectedOutcome] = [:]
        var uploadFinished: [String: Int64] = [:]
        var uploadFailures: [String: String] = [:]
        var observations: [ObservedOutcome] = []
        var accounted: Set<String> = []
        var stored = 0
        var deadLettered = 0
        var uploadsDone = false
        /// When the last upload finished, which starts the wait for outcomes.
        var uploadsDoneAt: ContinuousClock.Instant?
    }

    let total: Int
    private let state = Mutex(State())

    init(total: Int) { self.total = total }

    /// Called before the upload starts, so that an outcome can never precede its expectation.
    func planned(_ key: String, _ expected: ExpectedOutcome) {
        state.withLock { $0.expected[key] = expected }
    }

    func uploaded(_ key: String, atMilliseconds time: Int64) {
        state.withLock { $0.uploadFinished[key] = time }
    }

    func uploadFailed(_ key: String, error: String) {
        state.withLock {
            $0.expected[key] = nil
            $0.uploadFailures[key] = error
        }
    }

    func finishUploads() {
        state.withLock {
            $0.uploadsDone = true
            $0.uploadsDoneAt = .now
        }
    }

    func observe(_ outcomes: [ObservedOutcome]) {
        guard !outcomes.isEmpty else { return }
        state.withLock { state in
            state.observations += outcomes
            for outcome in outcomes where state.expected[outcome.key] != nil {
                guard state.accounted.insert(outcome.key).inserted else { continue }
                if case .stored = outcome.result { state.stored += 1 } else { state.deadLettered += 1 }
            }
        }
    }

    /// Whether the uploads are over and every successful one has an outcome.
    var isComplete: Bool {
        state.withLock { $0.uploadsDone && $0.accounted.count >= $0.expected.count }
    }

    var uploadsDoneAt: ContinuousClock.Instant? { state.withLock { $0.uploadsDoneAt } }

    var progress: LoadTestProgress {
        state.withLock {
            LoadTestProgress(
                total: total, uploaded: $0.uploadFinished.count, uploadFailed: $0.uploadFailures.count,
                accounted: $0.accounted.count, stored: $0.stored, deadLettered: $0.deadLettered, uploadsDone: $0.uploadsDone
            )
        }
    }

    var snapshot: State { state.withLock { $0 } }
}

/// Where a run stands, for progress displays.
package struct LoadTestProgress: Sendable, Equatable {
    package var total: Int
    package var uploaded: Int
    package var uploadFailed: Int
    /// Uploaded objects with an outcome.
    package var accounted: Int
    package var stored: Int
    package var deadLettered: Int
    package var uploadsDone: Bool
}
