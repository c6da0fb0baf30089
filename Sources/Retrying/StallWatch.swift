import Synchronization

/// What a component is stuck on, for its `/health`: every retry streak in progress, so
/// that one lasting longer than `limit` turns the component unhealthy, with the reason.
///
/// A retry is progress deferred, not progress; a streak that outlasts the limit is a
/// component that cannot do its work (an outage, a dead handle, a permission taken away),
/// which a supervisor should see: Kubernetes restarts a container whose liveness probe
/// fails, and an operator's dashboard turns red either way.
package final class StallWatch: Sendable {
    private struct Streak {
        var what: String
        var since: ContinuousClock.Instant
        var lastError: String
    }

    private struct State {
        var nextID = 0
        var streaks: [Int: Streak] = [:]
    }

    /// How long a streak may last before it counts as a stall.
    package let limit: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    package init(limit: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limit = limit
        self.now = now
    }

    /// Records that `what` began failing with `error`. - Returns: the streak's id.
    package func begin(_ what: String, error: any Error) -> Int {
        let since = now()
        return state.withLock { state in
            defer { state.nextID += 1 }
            state.streaks[state.nextID] = Streak(what: what, since: since, lastError: "\(error)")
            return state.nextID
        }
    }

    /// Records the streak's latest error.
    package func failedAgain(_ id: Int, error: any Error) {
        state.withLock { $0.streaks[id]?.lastError = "\(error)" }
    }

    /// Forgets the streak: it succeeded, or its caller gave up on it.
    package func end(_ id: Int) {
        _ = state.withLock { $0.streaks.removeValue(forKey: id) }
    }

    /// The oldest streak older than `limit`, described, or `nil` when none is.
    package func problem() -> String? {
        let now = now()
        return state.withLock { state -> String? in
            let stalled = state.streaks.values.filter { now - $0.since > limit }.sorted { $0.since < $1.since }
            guard let oldest = stalled.first else { return nil }
            let others = stalled.count > 1 ? " (and \(stalled.count - 1) more operations)" : ""
            return "\(oldest.what) failing for \((now - oldest.since).components.seconds) s, longer than \(limit.components.seconds) s\(others): \(oldest.lastError)"
        }
    }
}
