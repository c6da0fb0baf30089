import Synchronization

/// Runs a client's shutdown exactly once, however many callers ask for it.
///
/// `run()` (graceful shutdown of the service) and the explicit `shutdown()`/`close()` may
/// both be called, even at the same time: the first caller performs the shutdown and the
/// others wait for it to finish, so that none of them returns while records are still
/// being flushed or the group is still being left.
final class KafkaShutdownOnce: Sendable {
    private enum State {
        case notStarted
        case running(waiters: [CheckedContinuation<Void, Never>])
        case finished
    }

    private let state = Mutex<State>(.notStarted)

    /// Whether shutdown has begun (or finished).
    var hasStarted: Bool {
        state.withLock { if case .notStarted = $0 { false } else { true } }
    }

    /// Runs `body` if no caller did so before; otherwise waits until that caller's run ends.
    func run(_ body: () async -> Void) async {
        let first = state.withLock { state -> Bool in
            guard case .notStarted = state else { return false }
            state = .running(waiters: [])
            return true
        }
        guard first else {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { state -> Bool in
                    switch state {
                    case .notStarted, .finished:
                        return true
                    case var .running(waiters):
                        waiters.append(continuation)
                        state = .running(waiters: waiters)
                        return false
                    }
                }
                if done { continuation.resume() }
            }
            return
        }
        await body()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            defer { state = .finished }
            if case let .running(waiters) = state { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume() }
    }
}
