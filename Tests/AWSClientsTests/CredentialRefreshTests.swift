import AWSClients
import Foundation
import Logging
import Testing

/// The cache in front of an expiring source, on a clock the test moves.
@Suite("AWS credentials: caching and refresh ahead of expiry")
struct CredentialRefreshTests {
    /// Hands out `AK1`, `AK2`, … valid for `lifetime` from the test's clock; fails while `failing`.
    final class CountingSource: CredentialsSource, @unchecked Sendable {
        let name = "counting source"
        let lifetime: TimeInterval
        let clock: LockedBox<Date>
        let state = LockedBox((fetches: 0, failing: false))
        /// Each fetch takes this long, so that concurrent callers overlap it.
        let delay: Duration

        init(lifetime: TimeInterval, clock: LockedBox<Date>, delay: Duration = .zero) {
            self.lifetime = lifetime
            self.clock = clock
            self.delay = delay
        }

        var fetches: Int { state.withLock { $0.fetches } }
        func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

        func fetch() async throws -> ExpiringCredentials {
            try await Task.sleep(for: delay)
            let (count, failing) = state.withLock { state -> (Int, Bool) in
                state.fetches += 1
                return (state.fetches, state.failing)
            }
            if failing { throw AWSCredentialsError.invalidResponse(source: name, reason: "down") }
            let now = clock.withLock { $0 }
            return ExpiringCredentials(
                AWSCredentials(accessKeyID: "AK\(count)", secretAccessKey: "SK\(count)", sessionToken: "T\(count)"),
                expiration: now.addingTimeInterval(lifetime)
            )
        }
    }

    static func provider(_ source: CountingSource) -> AWSCredentialsProvider {
        let clock = source.clock
        return .refreshing(source, refreshAhead: .seconds(300), logger: Logger(label: "test"), now: { clock.withLock { $0 } })
    }

    static func advance(_ clock: LockedBox<Date>, by seconds: TimeInterval) {
        clock.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Polls until `condition` holds (background refreshes finish on their own task).
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test("fetched once, reused, refreshed 5 minutes ahead of a 1 hour expiry while the old ones keep signing")
    func refreshAhead() async throws {
        let clock = LockedBox(Date(timeIntervalSince1970: 1_800_000_000))
        let source = CountingSource(lifetime: 3600, clock: clock)
        let provider = Self.provider(source)
        #expect(try await provider.current().accessKeyID == "AK1")
        Self.advance(clock, by: 3600 - 301)
        #expect(try await provider.current().accessKeyID == "AK1")
        #expect(source.fetches == 1, "not yet inside the 5 minute window")
        Self.advance(clock, by: 2)
        // Inside the window: the current credentials answer at once, a refresh starts behind them.
        #expect(try await provider.current().accessKeyID == "AK1")
        #expect(try await Self.eventually { try await provider.current().accessKeyID == "AK2" })
        #expect(source.fetches == 2)
    }

    @Test("short-lived credentials are refreshed at half their lifetime, not at the last second")
    func shortLived() async throws {
        let clock = LockedBox(Date(timeIntervalSince1970: 1_800_000_000))
        let source = CountingSource(lifetime: 60, clock: clock)
        let provider = Self.provider(source)
        _ = try await provider.current()
        Self.advance(clock, by: 29)
        _ = try await provider.current()
        #expect(source.fetches == 1)
        Self.advance(clock, by: 2)
        _ = try await provider.current()
        #expect(try await Self.eventually { source.fetches == 2 })
    }

    @Test("one fetch at a time: fifty concurrent first requests share one")
    func singleFlight() async throws {
        let clock = LockedBox(Date(timeIntervalSince1970: 1_800_000_000))
        let source = CountingSource(lifetime: 3600, clock: clock, delay: .milliseconds(200))
        let provider = Self.provider(source)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await provider.current().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["AK1"])
        #expect(source.fetches == 1)
    }

    @Test("a failed refresh keeps the valid credentials; with none left it is a retryable error and /health's problem, until it recovers")
    func failures() async throws {
        let clock = LockedBox(Date(timeIntervalSince1970: 1_800_000_000))
        let source = CountingSource(lifetime: 600, clock: clock)
        let provider = Self.provider(source)
        #expect(try await provider.current().accessKeyID == "AK1")
        source.setFailing(true)
        Self.advance(clock, by: 400)
        #expect(try await provider.current().accessKeyID == "AK1", "still valid: signing goes on")
        #expect(try await Self.eventually { source.fetches == 2 })
        #expect(await provider.problem() == nil)

        Self.advance(clock, by: 200)  // expired
        let error = await #expect(throws: AWSError.self) { try await provider.current() }
        #expect(error?.code == "CredentialsUnavailable")
        #expect(error?.isRetryable == true)
        let problem = try #require(await provider.problem())
        #expect(problem.contains("no valid AWS credentials") && problem.contains("counting source"))

        // Backing off: an immediate second request fails without hammering the source.
        let fetches = source.fetches
        await #expect(throws: AWSError.self) { try await provider.current() }
        #expect(source.fetches == fetches)

        source.setFailing(false)
        Self.advance(clock, by: 31)
        let recovered = try await provider.current().accessKeyID
        #expect(recovered == "AK\(source.fetches)")
        #expect(await provider.problem() == nil)
    }

    @Test("fixed keys never expire and are never fetched")
    func fixed() async throws {
        let provider = AWSCredentialsProvider.fixed(AWSCredentials(accessKeyID: "AK", secretAccessKey: "SK"))
        #expect(try await provider.current().accessKeyID == "AK")
        #expect(await provider.problem() == nil)
    }
}
