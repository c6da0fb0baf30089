import Logging
import ServiceLifecycle

/// How to retry an operation through transient failures (outages, throttling, a broker
/// that is restarting): how many attempts, for how long, how far apart.
///
/// Every component of the fleet retries through this one type, so that they all behave
/// alike where operators notice: the wait between attempts ends at once when graceful
/// shutdown begins or the task is cancelled (a service never holds up its shutdown
/// sleeping), giving up is a typed `RetryError`, and a failure streak is logged once
/// (see `RetryStreak`) instead of once per attempt.
///
/// An operation that makes partial progress (a batch of which only some items failed)
/// keeps what is left in state it captures, re-sends only that, and throws while
/// anything is left:
///
/// ```swift
/// var pending = messages
/// try await policy.run("publishing outcomes", logger: logger, isTransient: { $0 is KafkaError }) {
///     pending = try await producer.failures(of: pending)
///     if let error = pending.first?.error { throw error }
/// }
/// ```
///
/// The value is plain data plus three injected effects (jitter, sleep, clock) whose
/// defaults are the real ones; tests replace them to run without waiting.
package struct RetryPolicy: Sendable {
    /// Attempts at most, the first one included; `nil` retries until the operation
    /// succeeds (or shutdown). Values below 1 mean 1. Default: `nil`.
    package var budget: Int?
    /// Longest time from the start of the first attempt to the start of the last one;
    /// no attempt starts later (an attempt in progress is not cut short). `nil` has no
    /// limit. Default: `nil`.
    package var deadline: Duration?
    /// Delays between attempts. Default: `Backoff()`.
    package var backoff: Backoff
    /// How often a streak that goes on is recalled by a warning; `nil` never. Default: 60 s.
    package var reminderInterval: Duration?
    /// Jitter for `backoff`, a number in `[0, 1)`. Default: uniform from the system generator.
    package var jitter: @Sendable () -> Double
    /// Waits between attempts (called before every retry, even for a zero delay); must
    /// end early when its task is cancelled, which is how graceful shutdown interrupts
    /// it. Default: `Task.sleep(for:)`.
    package var sleep: @Sendable (Duration) async throws -> Void
    /// The clock that measures elapsed time against `deadline`. Default: `ContinuousClock.now`.
    package var now: @Sendable () -> ContinuousClock.Instant
    /// Where failure streaks are reported while they last, for `/health`. Default: none.
    package var stalls: StallWatch?

    package init(
        budget: Int? = nil,
        deadline: Duration? = nil,
        backoff: Backoff = Backoff(),
        reminderInterval: Duration? = .seconds(60),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0 ..< 1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        stalls: StallWatch? = nil
    ) {
        self.budget = budget
        self.deadline = deadline
        self.backoff = backoff
        self.reminderInterval = reminderInterval
        self.jitter = jitter
        self.sleep = sleep
        self.now = now
        self.stalls = stalls
    }

    /// One retry about to happen, for metrics and the caller's own bookkeeping.
    package struct Retry: Sendable {
        /// The attempt that failed (1 for the first).
        package var attempt: Int
        /// Its error.
        package var error: any Error
        /// The wait before the next attempt.
        package var delay: Duration
        /// Time since the first attempt started.
        package var elapsed: Duration
    }

    /// Runs `operation` until it succeeds, retrying the errors `isTransient` accepts.
    ///
    /// - Parameters:
    ///   - what: Names the operation in log lines ("S3 GetObject s3://bucket/key").
    ///   - logger: Gets one warning when failures begin, debug lines while they go on,
    ///     and one line when they end (see `RetryStreak`).
    ///   - isTransient: Whether an error may go away by itself. Default: every error.
    ///   - onRetry: Called before each wait, e.g. to count retries. Default: nothing.
    ///   - operation: One attempt. It runs in the caller's isolation and may mutate what
    ///     it captures, so that a retry re-sends only what the last attempt left undone.
    /// - Returns: What the first successful attempt returned.
    /// - Throws: A non-transient error as it is, at once; otherwise `RetryError` when the
    ///   budget runs out, the deadline would pass, or shutdown or cancellation began.
    package func run<T>(
        _ what: String,
        isolation: isolated (any Actor)? = #isolation,
        logger: Logger,
        isTransient: (any Error) -> Bool = { _ in true },
        onRetry: (Retry) -> Void = { _ in },
        operation: () async throws -> T
    ) async throws -> T {
        let start = now()
        var streak = RetryStreak(what: what, reminderInterval: reminderInterval, started: start)
        let budget = self.budget.map { max(1, $0) }
        var attempt = 0
        var stall: Int?
        defer { if let stall { stalls?.end(stall) } }
        while true {
            attempt += 1
            let error: any Error
            do {
                let value = try await operation()
                streak.recovered(attempts: attempt, now: now(), logger: logger)
                return value
            } catch let caught {
                error = caught
            }

            let failedAt = now()
            guard isTransient(error) else {
                if streak.hasBegun {
                    streak.gaveUp("failed permanently", attempts: attempt, error: error, now: failedAt, logger: logger)
                }
                throw error
            }
            if let budget, attempt >= budget {
                streak.gaveUp("giving up", attempts: attempt, error: error, now: failedAt, logger: logger)
                throw RetryError.exhausted(attempts: attempt, last: error)
            }
            let delay = backoff.delay(forRetry: attempt, jitter: jitter())
            let elapsed = failedAt - start
            if let deadline, elapsed + delay > deadline {
                streak.gaveUp("out of time", attempts: attempt, error: error, now: failedAt, logger: logger)
                throw RetryError.deadlineExceeded(attempts: attempt, elapsed: elapsed, last: error)
            }
            if Self.isStopping {
                streak.gaveUp("stopping for shutdown", attempts: attempt, error: error, now: failedAt, logger: logger)
                throw RetryError.shuttingDown(attempts: attempt, last: error)
            }

            streak.failed(attempt: attempt, error: error, delay: delay, now: failedAt, logger: logger)
            if let stall { stalls?.failedAgain(stall, error: error) } else { stall = stalls?.begin(what, error: error) }
            onRetry(Retry(attempt: attempt, error: error, delay: delay, elapsed: elapsed))
            await pause(for: delay)
            if Self.isStopping {
                streak.gaveUp("stopping for shutdown", attempts: attempt, error: error, now: now(), logger: logger)
                throw RetryError.shuttingDown(attempts: attempt, last: error)
            }
        }
    }

    /// Waits the delay before retry `retry` (1 for the first), for loops that cannot be
    /// one `run` call (a poller that must keep going after each failure, and reports
    /// each one itself). Ends early on graceful shutdown or cancellation, like `run`.
    ///
    /// - Returns: `false` if the wait was cut short by shutdown or cancellation (or
    ///   either had begun already): the caller should stop.
    @discardableResult
    package func pause(beforeRetry retry: Int) async -> Bool {
        await pause(for: backoff.delay(forRetry: retry, jitter: jitter()))
        return !Self.isStopping
    }

    /// Sleeps `delay`, cancelled by graceful shutdown (a child task of
    /// `cancelWhenGracefulShutdown`) as well as by the task's own cancellation.
    private func pause(for delay: Duration) async {
        guard !Self.isStopping else { return }
        let sleep = self.sleep
        // The sleep throws when it is cut short: that is what the caller checks next.
        try? await cancelWhenGracefulShutdown { try await sleep(delay) }
    }

    private static var isStopping: Bool {
        Task.isShuttingDownGracefully || Task.isCancelled
    }
}
