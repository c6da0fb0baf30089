import Foundation
import Logging
import Metrics
import Retrying

/// Caches the credentials of one source and fetches new ones ahead of their expiry.
///
/// - Credentials are refreshed when less than `refreshAhead` (5 minutes) is left, or half
///   their lifetime for short-lived ones, in the background: requests keep signing with
///   the current credentials meanwhile.
/// - One fetch at a time: callers that need credentials while one runs wait for it.
/// - A failed fetch is transient. It is logged once per streak, counted in
///   `aws_credentials_refresh_failures_total`, and retried with backoff (1 s doubling to
///   30 s). Requests use the old credentials while they last. Once nothing valid is
///   left, they fail with a retryable `AWSError` and `problem` says why.
actor CredentialsRefresher {
    let source: any CredentialsSource
    private let refreshAhead: TimeInterval
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let backoff = Backoff(base: .seconds(1), cap: .seconds(30))
    private let failuresCounter = Counter(label: "aws_credentials_refresh_failures_total")

    private var cached: (credentials: ExpiringCredentials, fetchedAt: Date)?
    private var inFlight: Task<ExpiringCredentials, any Error>?
    private var failures = 0
    private var lastFailure: (any Error)?
    private var retryNotBefore: Date?

    init(source: any CredentialsSource, refreshAhead: Duration, logger: Logger, now: @escaping @Sendable () -> Date) {
        self.source = source
        self.refreshAhead = TimeInterval(refreshAhead.components.seconds)
        self.logger = logger
        self.now = now
    }

    /// Credentials to sign a request with now.
    ///
    /// - Throws: a retryable `AWSError` when no valid credentials are left and fetching
    ///   new ones failed (or failed moments ago and is backing off).
    func current() async throws -> AWSCredentials {
        let time = now()
        if let cached, isUsable(cached, at: time) {
            if needsRefresh(cached, at: time), inFlight == nil, isDue(at: time) {
                Task { try? await self.refresh() }
            }
            return cached.credentials.credentials
        }
        if inFlight == nil, !isDue(at: time), let lastFailure {
            throw unavailable(lastFailure)
        }
        do {
            return try await refresh().credentials
        } catch {
            throw unavailable(error)
        }
    }

    /// `nil` while valid credentials are at hand (or none was needed yet); otherwise why not.
    func problem() -> String? {
        if let cached, isUsable(cached, at: now()) { return nil }
        guard let lastFailure else { return nil }
        return "no valid AWS credentials: \(source.name) failed: \(lastFailure)"
    }

    /// Fetches new credentials, or waits for the fetch already under way.
    private func refresh() async throws -> ExpiringCredentials {
        if let inFlight { return try await inFlight.value }
        // The task runs on this actor and records its outcome before it completes, so
        // that every caller awaiting it sees the state it left.
        let task = Task { () throws -> ExpiringCredentials in
            defer { inFlight = nil }
            do {
                let fresh = try await source.fetch()
                recordSuccess(fresh)
                return fresh
            } catch {
                recordFailure(error)
                throw error
            }
        }
        inFlight = task
        return try await task.value
    }

    private func recordSuccess(_ fresh: ExpiringCredentials) {
        let time = now()
        cached = (fresh, time)
        if failures > 0 {
            logger.info("AWS credentials refreshed again", metadata: [
                "aws.credentials.source": "\(source.name)", "failed_attempts": "\(failures)",
            ])
        }
        failures = 0
        lastFailure = nil
        retryNotBefore = nil
        logger.debug("AWS credentials fetched", metadata: [
            "aws.credentials.source": "\(source.name)",
            "aws.credentials.expires_in_s": "\(fresh.expiration.map { Int($0.timeIntervalSince(time)) }.map(String.init) ?? "never")",
        ])
    }

    private func recordFailure(_ error: any Error) {
        failures += 1
        lastFailure = error
        failuresCounter.increment()
        let delay = backoff.ceiling(forRetry: failures)
        let time = now()
        retryNotBefore = time.addingTimeInterval(TimeInterval(delay.components.seconds))
        var metadata: Logger.Metadata = [
            "aws.credentials.source": "\(source.name)", "error": "\(error)",
            "retry_in_s": "\(delay.components.seconds)", "attempt": "\(failures)",
        ]
        if failures == 1 {
            if let cached, isUsable(cached, at: time), let expiration = cached.credentials.expiration {
                metadata["current_expire_in_s"] = "\(Int(expiration.timeIntervalSince(time)))"
                logger.warning("AWS credentials refresh failed; signing with the current ones until it succeeds", metadata: metadata)
            } else {
                logger.warning("AWS credentials refresh failed; no valid credentials, AWS requests fail until it succeeds", metadata: metadata)
            }
        } else {
            logger.debug("AWS credentials refresh failed again", metadata: metadata)
        }
    }

    /// Whether a fetch may start now: not while backing off after a failure.
    private func isDue(at time: Date) -> Bool {
        retryNotBefore.map { time >= $0 } ?? true
    }

    /// Usable until a tenth of their lifetime (at most 10 s) before they expire, so that a
    /// request signed now does not arrive with expired credentials.
    private func isUsable(_ entry: (credentials: ExpiringCredentials, fetchedAt: Date), at time: Date) -> Bool {
        guard let expiration = entry.credentials.expiration else { return true }
        let margin = min(10, expiration.timeIntervalSince(entry.fetchedAt) / 10)
        return expiration.timeIntervalSince(time) > margin
    }

    /// Due for refresh once less than `refreshAhead`, or half the lifetime, is left.
    private func needsRefresh(_ entry: (credentials: ExpiringCredentials, fetchedAt: Date), at time: Date) -> Bool {
        guard let expiration = entry.credentials.expiration else { return false }
        let ahead = min(refreshAhead, expiration.timeIntervalSince(entry.fetchedAt) / 2)
        return expiration.timeIntervalSince(time) < ahead
    }

    private func unavailable(_ error: any Error) -> AWSError {
        AWSError(
            kind: .transport, code: "CredentialsUnavailable",
            message: "no valid credentials: \(error)", service: "AWS credentials (\(source.name))"
        )
    }
}
