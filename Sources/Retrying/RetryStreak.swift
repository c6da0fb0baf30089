import Logging

/// The log of one run of failures of one operation: loud once when it begins, quiet while
/// it lasts, and one line when it ends.
///
/// During an outage hundreds of operations fail every few seconds for minutes; a line per
/// attempt would bury the one fact an operator needs (what is failing, since when, and
/// when it came back). So the first failure is a warning, later attempts are debug lines,
/// a warning reminds that the streak is still going once per `reminderInterval`, and the
/// end is one line: info on recovery, notice when the caller is left to deal with it.
struct RetryStreak {
    let what: String
    let reminderInterval: Duration?
    let started: ContinuousClock.Instant
    private var lastWarning: ContinuousClock.Instant?

    init(what: String, reminderInterval: Duration?, started: ContinuousClock.Instant) {
        self.what = what
        self.reminderInterval = reminderInterval
        self.started = started
    }

    /// Whether a failure was logged, i.e. whether the end of the streak deserves a line.
    var hasBegun: Bool { lastWarning != nil }

    /// Logs a transient failure that is about to be retried after `delay`.
    mutating func failed(
        attempt: Int, error: any Error, delay: Duration, now: ContinuousClock.Instant, logger: Logger
    ) {
        var metadata: Logger.Metadata = [
            "attempt": "\(attempt)", "error": "\(error)", "retry_in_ms": "\(delay.wholeMilliseconds)",
        ]
        guard let lastWarning else {
            self.lastWarning = now
            logger.warning("\(what) failed, retrying", metadata: metadata)
            return
        }
        if let reminderInterval, now - lastWarning >= reminderInterval {
            self.lastWarning = now
            metadata["failing_for_s"] = "\((now - started).retryLogSeconds)"
            logger.warning("\(what) still failing after \(attempt) attempts, retrying", metadata: metadata)
        } else {
            logger.debug("\(what) failed again, retrying", metadata: metadata)
        }
    }

    /// Logs the success that ends the streak.
    func recovered(attempts: Int, now: ContinuousClock.Instant, logger: Logger) {
        guard hasBegun else { return }
        logger.info("\(what) recovered after \(attempts) attempts in \((now - started).retryLogSeconds) s")
    }

    /// Logs the end of a streak without success: the caller reports what that means
    /// (a dead letter, a message left in its queue), so this line is only a notice.
    func gaveUp(_ reason: String, attempts: Int, error: any Error, now: ContinuousClock.Instant, logger: Logger) {
        logger.notice("\(what): \(reason) after \(attempts) attempts in \((now - started).retryLogSeconds) s", metadata: [
            "attempt": "\(attempts)", "error": "\(error)",
        ])
    }
}
