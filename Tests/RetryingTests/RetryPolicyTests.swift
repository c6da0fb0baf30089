import Logging
import Retrying
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

@Suite("RetryPolicy", .timeLimit(.minutes(5)))
struct RetryPolicyTests {
    let quiet = Logger(label: "retrying-tests") { _ in SwiftLogNoOpLogHandler() }

    // MARK: - Attempts and giving up

    @Test("succeeds after N transient failures, waiting the backoff before each retry")
    func succeedsAfterFailures() async throws {
        let clock = FakeClock()
        let flaky = Flaky(failures: 3)
        let retries = Mutex<[Int]>([])
        let value = try await clock.policy().run("flaky", logger: quiet, isTransient: isOutage, onRetry: { retry in
            retries.withLock { $0.append(retry.attempt) }
        }) {
            try flaky.attempt()
        }
        #expect(value == 4)
        #expect(flaky.attempts == 4)
        #expect(retries.withLock { $0 } == [1, 2, 3])
        // Jitter 0.5 of ceilings 1 s, 2 s, 4 s.
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test("a non-transient error is rethrown as it is, without a retry")
    func permanentErrorRethrown() async {
        let clock = FakeClock()
        let flaky = Flaky(failures: 5, error: Rejected())
        await #expect(throws: Rejected.self) {
            try await clock.policy().run("rejected", logger: quiet, isTransient: isOutage) { try flaky.attempt() }
        }
        #expect(flaky.attempts == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("a permanent error after transient ones ends the retries too")
    func permanentAfterTransient() async {
        let clock = FakeClock()
        let calls = Mutex(0)
        await #expect(throws: Rejected.self) {
            try await clock.policy().run("mixed", logger: quiet, isTransient: isOutage) {
                let call = calls.withLock { count in
                    count += 1
                    return count
                }
                if call < 3 { throw Outage() }
                throw Rejected()
            }
        }
        #expect(calls.withLock { $0 } == 3)
        #expect(clock.sleeps.count == 2)
    }

    @Test("the budget counts attempts, the first included; exhausting it throws the last error")
    func budgetExhausted() async throws {
        let clock = FakeClock()
        let flaky = Flaky(failures: .max)
        let error = await #expect(throws: RetryError.self) {
            try await clock.policy(budget: 3).run("down", logger: quiet, isTransient: isOutage) { try flaky.attempt() }
        }
        guard case let .exhausted(attempts, last) = try #require(error) else {
            Issue.record("expected exhausted, got \(String(describing: error))")
            return
        }
        #expect(attempts == 3)
        #expect(last is Outage)
        #expect(flaky.attempts == 3)
        #expect(clock.sleeps.count == 2)
        #expect(error?.description == "gave up after 3 attempts: service unavailable")
    }

    @Test("a budget of 1 (or less) makes one attempt and no retry")
    func budgetOfOne() async {
        for budget in [1, 0, -4] {
            let flaky = Flaky(failures: .max)
            await #expect(throws: RetryError.self) {
                try await FakeClock().policy(budget: budget).run("once", logger: quiet) { try flaky.attempt() }
            }
            #expect(flaky.attempts == 1)
        }
    }

    @Test("no attempt starts after the deadline: giving up before a wait that would pass it")
    func deadline() async throws {
        let clock = FakeClock()
        let flaky = Flaky(failures: .max)
        // Waits of 0.5 s (jitter 0.5 of a 1 s ceiling); each attempt takes 0.1 s.
        let policy = clock.policy(deadline: .milliseconds(1500), backoff: Backoff(base: .seconds(1), cap: .seconds(1)))
        let error = await #expect(throws: RetryError.self) {
            try await policy.run("slow", logger: quiet) {
                clock.advance(by: .milliseconds(100))
                return try flaky.attempt()
            }
        }
        // Failures end at 0.1, 0.7 and 1.3 s; 1.3 + 0.5 passes 1.5.
        guard case let .deadlineExceeded(attempts, elapsed, last) = try #require(error) else {
            Issue.record("expected deadlineExceeded, got \(String(describing: error))")
            return
        }
        #expect(attempts == 3)
        #expect(elapsed == .milliseconds(1300))
        #expect(last is Outage)
        #expect(flaky.attempts == 3)
        #expect(clock.elapsed == .milliseconds(1300))
    }

    @Test("an operation that makes progress re-sends only what is left")
    func partialProgress() async throws {
        let clock = FakeClock()
        var pending = Array(1 ... 8)
        var sent: [[Int]] = []
        // Each attempt gets the first half through and fails the rest.
        try await clock.policy(budget: 10).run("batch", logger: quiet, isTransient: isOutage) {
            sent.append(pending)
            pending.removeFirst(max(1, pending.count / 2))
            if !pending.isEmpty { throw Outage() }
        }
        #expect(sent == [[1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 7, 8], [7, 8], [8]])
        #expect(clock.sleeps.count == 3)
    }

    // MARK: - Shutdown and cancellation

    @Test("graceful shutdown ends the wait at once and throws shuttingDown")
    func gracefulShutdownInterruptsTheWait() async throws {
        // A real sleep of 10 minutes: only the shutdown can end it early.
        let policy = RetryPolicy(backoff: Backoff(base: .seconds(1200), cap: .seconds(1200)), jitter: { 0.5 })
        let flaky = Flaky(failures: .max)
        let waiting = Signal()
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                let started = ContinuousClock.now
                group.addTask {
                    let error = await #expect(throws: RetryError.self) {
                        try await policy.run("down", logger: quiet, onRetry: { _ in waiting.raise() }) {
                            try flaky.attempt()
                        }
                    }
                    guard case let .shuttingDown(attempts, last)? = error else {
                        Issue.record("expected shuttingDown, got \(String(describing: error))")
                        return
                    }
                    #expect(attempts == 1)
                    #expect(last is Outage)
                }
                while !waiting.isRaised { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(50))
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
                // The wait was 10 minutes: ending well before it shows the shutdown cut it short,
                // with room for a loaded machine (this is not a speed limit).
                #expect(ContinuousClock.now - started < .seconds(300))
                #expect(flaky.attempts == 1)
            }
        }
    }

    @Test("once shutdown has begun, a failure is not retried at all")
    func noRetryDuringShutdown() async throws {
        let clock = FakeClock()
        let flaky = Flaky(failures: .max)
        await testGracefulShutdown { trigger in
            trigger.triggerGracefulShutdown()
            await #expect(throws: RetryError.self) {
                try await clock.policy().run("down", logger: quiet) { try flaky.attempt() }
            }
        }
        #expect(flaky.attempts == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("cancelling the task ends the wait at once and throws shuttingDown")
    func cancellationInterruptsTheWait() async throws {
        let policy = RetryPolicy(backoff: Backoff(base: .seconds(1200), cap: .seconds(1200)), jitter: { 0.5 })
        let waiting = Signal()
        let flaky = Flaky(failures: .max)
        let quiet = self.quiet
        let task = Task {
            try await policy.run("down", logger: quiet, onRetry: { _ in waiting.raise() }) {
                try flaky.attempt()
            }
        }
        while !waiting.isRaised { try await Task.sleep(for: .milliseconds(10)) }
        let cancelled = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - cancelled < .seconds(300), "the 10-minute wait was cut short")
        guard case let .failure(error) = result, case RetryError.shuttingDown = error else {
            Issue.record("expected shuttingDown, got \(result)")
            return
        }
        #expect(flaky.attempts == 1)
    }

    @Test("pause(beforeRetry:) waits the backoff, and reports false when shutdown cut it short")
    func pause() async {
        let clock = FakeClock()
        #expect(await clock.policy().pause(beforeRetry: 2))
        #expect(clock.sleeps == [.seconds(1)])
        let long = RetryPolicy(backoff: Backoff(base: .seconds(1200), cap: .seconds(1200)), jitter: { 0.5 })
        await testGracefulShutdown { trigger in
            await withTaskGroup(of: Void.self) { group in
                let started = ContinuousClock.now
                group.addTask { #expect(await long.pause(beforeRetry: 1) == false) }
                try? await Task.sleep(for: .milliseconds(100))
                trigger.triggerGracefulShutdown()
                await group.waitForAll()
                #expect(ContinuousClock.now - started < .seconds(300), "the 10-minute wait was cut short")
            }
        }
    }

    // MARK: - Logging once per streak

    @Test("one warning when a streak begins, debug while it lasts, one info line on recovery")
    func streakLogging() async throws {
        let clock = FakeClock()
        let capture = LogCapture()
        let flaky = Flaky(failures: 4)
        _ = try await clock.policy().run("S3 GetObject s3://b/k", logger: capture.logger, isTransient: isOutage) {
            try flaky.attempt()
        }
        #expect(capture.lines(at: .warning) == ["S3 GetObject s3://b/k failed, retrying"])
        #expect(capture.lines(at: .debug).count == 3)
        // 0.5 + 1 + 2 + 4 s of waits.
        #expect(capture.lines(at: .info) == ["S3 GetObject s3://b/k recovered after 5 attempts in 7.5 s"])
        #expect(capture.lines.count == 5)

        // A second streak is a new one: warned again.
        let again = Flaky(failures: 1)
        _ = try await clock.policy().run("S3 GetObject s3://b/k", logger: capture.logger, isTransient: isOutage) {
            try again.attempt()
        }
        #expect(capture.lines(at: .warning).count == 2)
        #expect(capture.lines(at: .info).count == 2)
    }

    @Test("success at the first attempt logs nothing")
    func silentSuccess() async throws {
        let capture = LogCapture()
        _ = try await FakeClock().policy().run("fine", logger: capture.logger) { 1 }
        #expect(capture.lines.isEmpty)
    }

    @Test("a long outage is recalled once a minute, not once per attempt")
    func reminders() async throws {
        let clock = FakeClock()
        let capture = LogCapture()
        let flaky = Flaky(failures: 20)
        // Waits of 10 s: failures at 0, 10, …, 190 s; reminders at 60, 120 and 180 s.
        let policy = clock.policy(backoff: Backoff(base: .seconds(20), cap: .seconds(20)))
        _ = try await policy.run("DynamoDB write", logger: capture.logger, isTransient: isOutage) { try flaky.attempt() }
        let warnings = capture.lines(at: .warning)
        #expect(warnings == [
            "DynamoDB write failed, retrying",
            "DynamoDB write still failing after 7 attempts, retrying",
            "DynamoDB write still failing after 13 attempts, retrying",
            "DynamoDB write still failing after 19 attempts, retrying",
        ])
        #expect(capture.lines(at: .debug).count == 16)
        #expect(capture.lines(at: .info) == ["DynamoDB write recovered after 21 attempts in 200.0 s"])
    }

    @Test("a streak that ends without success ends with one notice, and no recovery line")
    func givingUpIsOneNotice() async {
        let capture = LogCapture()
        let flaky = Flaky(failures: .max)
        await #expect(throws: RetryError.self) {
            try await FakeClock().policy(budget: 4).run("down", logger: capture.logger) { try flaky.attempt() }
        }
        #expect(capture.lines(at: .warning).count == 1)
        #expect(capture.lines(at: .notice) == ["down: giving up after 4 attempts in 3.5 s"])
        #expect(capture.lines(at: .info).isEmpty)
    }
}
