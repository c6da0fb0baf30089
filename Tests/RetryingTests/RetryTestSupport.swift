import Logging
import Retrying
import Synchronization

/// A clock that moves only when something sleeps on it, so that tests of deadlines and
/// reminders run in no time and always see the same instants.
final class FakeClock: Sendable {
    private let origin = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)
    private let recorded = Mutex<[Duration]>([])

    var now: ContinuousClock.Instant { origin + offset.withLock { $0 } }
    /// Every delay slept, in order.
    var sleeps: [Duration] { recorded.withLock { $0 } }
    /// Time since the clock was made.
    var elapsed: Duration { offset.withLock { $0 } }

    func sleep(_ delay: Duration) {
        recorded.withLock { $0.append(delay) }
        advance(by: delay)
    }

    /// Lets time pass inside an attempt (a slow request).
    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }

    /// A policy on this clock with jitter pinned to the middle of the backoff range.
    func policy(budget: Int? = nil, deadline: Duration? = nil, backoff: Backoff = Backoff(base: .seconds(1), cap: .seconds(8))) -> RetryPolicy {
        RetryPolicy(
            budget: budget, deadline: deadline, backoff: backoff,
            jitter: { 0.5 }, sleep: { [self] in self.sleep($0) }, now: { [self] in self.now }
        )
    }
}

/// Counts the calls of a scripted operation that fails its first `failures` calls.
final class Flaky: Sendable {
    private let calls = Mutex(0)
    let failures: Int
    let error: any Error

    init(failures: Int, error: any Error = Outage()) {
        self.failures = failures
        self.error = error
    }

    var attempts: Int { calls.withLock { $0 } }

    func attempt() throws -> Int {
        let call = calls.withLock { count in
            count += 1
            return count
        }
        if call <= failures { throw error }
        return call
    }
}

/// A failure that may go away.
struct Outage: Error, CustomStringConvertible {
    var description: String { "service unavailable" }
}

/// A failure that will not.
struct Rejected: Error, Equatable {}

func isOutage(_ error: any Error) -> Bool { error is Outage }

/// Collects log lines in memory, for assertions on what was logged and at which level.
final class LogCapture: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let captured = Mutex<[Line]>([])

    var lines: [Line] { captured.withLock { $0 } }

    func lines(at level: Logger.Level) -> [String] {
        lines.filter { $0.level == level }.map(\.message)
    }

    /// A logger at `trace` level writing into this capture.
    var logger: Logger {
        var logger = Logger(label: "retrying-tests") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: Line) {
        captured.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append(Line(level: event.level, message: "\(event.message)"))
        }
    }
}

/// A flag one task raises and another waits for (a Mutex itself cannot be shared by
/// closures that run concurrently: it is not copyable, so they would capture the variable).
final class Signal: Sendable {
    private let raised = Mutex(false)

    var isRaised: Bool { raised.withLock { $0 } }

    func raise() {
        raised.withLock { $0 = true }
    }
}
