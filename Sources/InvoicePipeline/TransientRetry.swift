import AWSClients
import Logging
import Retrying
import ServiceLifecycle

/// Retries an operation through transient failures (outages, throttling) with backoff,
/// for ever or up to a budget, and gives up at once when the process is shutting down.
struct TransientRetry: Sendable {
    var budget: Int?
    var backoff: Backoff
    var logger: Logger

    /// The operation's last failure after the budget ran out.
    enum Failure: Error {
        case exhausted(attempts: Int, last: any Error)
        /// Shutdown began while retrying: the batch is abandoned, not committed.
        case shuttingDown
    }

    /// Runs `operation` until it succeeds, throws a non-transient error (rethrown as is),
    /// exhausts the budget, or shutdown begins.
    func run<T: Sendable>(
        _ what: String,
        isTransient: (any Error) -> Bool,
        _ operation: () async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await operation()
            } catch where isTransient(error) {
                if let budget, attempt >= budget { throw Failure.exhausted(attempts: attempt, last: error) }
                if Task.isShuttingDownGracefully || Task.isCancelled { throw Failure.shuttingDown }
                let delay = backoff.delay(forRetry: attempt, jitter: Double.random(in: 0 ..< 1))
                // Many operations retry at once during an outage: warn on the first failure
                // and every tenth, so the log says what is wrong without drowning in it.
                let level: Logger.Level = attempt == 1 || attempt % 10 == 0 ? .warning : .debug
                logger.log(level: level, "\(what) failed, retrying", metadata: [
                    "attempt": "\(attempt)", "retry_in_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)",
                    "error": "\(error)",
                ])
                try? await Task.sleep(for: delay)
            }
        }
    }
}
