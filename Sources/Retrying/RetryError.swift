/// Why `RetryPolicy.run` stopped retrying an operation that kept failing transiently.
///
/// A non-transient error is never wrapped: `run` rethrows it as it is, so that callers
/// keep matching their own error types. Only the three ways of giving up on a transient
/// failure get a case here, because callers treat them differently: an exhausted budget
/// or a passed deadline is an outcome to record (a dead letter, a message left in its
/// queue), whereas shutting down means "stop and leave the work for the next owner".
package enum RetryError: Error, CustomStringConvertible {
    /// Every attempt the budget allowed failed; `last` is the final attempt's error.
    case exhausted(attempts: Int, last: any Error)
    /// The next attempt would have started after the deadline.
    case deadlineExceeded(attempts: Int, elapsed: Duration, last: any Error)
    /// Graceful shutdown began, or the task was cancelled, while the operation was
    /// failing: the work is abandoned, not finished. Callers must not commit it.
    case shuttingDown(attempts: Int, last: any Error)

    /// Attempts made before giving up, the first one included.
    package var attempts: Int {
        switch self {
        case let .exhausted(attempts, _), let .deadlineExceeded(attempts, _, _), let .shuttingDown(attempts, _):
            attempts
        }
    }

    /// The error of the last attempt.
    package var lastError: any Error {
        switch self {
        case let .exhausted(_, last), let .deadlineExceeded(_, _, last), let .shuttingDown(_, last):
            last
        }
    }

    package var description: String {
        switch self {
        case let .exhausted(attempts, last):
            "gave up after \(attempts) attempts: \(last)"
        case let .deadlineExceeded(attempts, elapsed, last):
            "deadline passed after \(attempts) attempts in \(elapsed.retryLogSeconds) s: \(last)"
        case let .shuttingDown(attempts, last):
            "stopped retrying after \(attempts) attempts because the process is shutting down: \(last)"
        }
    }
}

extension Duration {
    /// Seconds with one decimal, for log lines and error texts ("2.5").
    var retryLogSeconds: String {
        let tenths = (components.seconds * 10) + components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Whole milliseconds, for log metadata (`retry_in_ms`, `duration_ms`).
    package var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
