import Logging
import Retrying
import Synchronization
import Testing

/// A failure streak that outlasts the limit is what `/health` reports; one that ends, by
/// success or by giving up, is forgotten.
@Suite("StallWatch", .timeLimit(.minutes(1)))
struct StallWatchTests {
    let quiet = Logger(label: "retrying-tests") { _ in SwiftLogNoOpLogHandler() }

    @Test("a streak is a problem only once it lasts longer than the limit, and none after it recovers")
    func streakBecomesAProblemAfterTheLimit() async throws {
        let clock = FakeClock()
        let stalls = StallWatch(limit: .seconds(60), now: { clock.now })
        var policy = clock.policy(backoff: Backoff(base: .seconds(10), cap: .seconds(10)))
        policy.stalls = stalls
        let seen = Mutex<[String?]>([])
        let flaky = Flaky(failures: 16)
        _ = try await policy.run("S3 GetObject s3://invoices/a.json", logger: quiet, isTransient: isOutage, onRetry: { _ in
            seen.withLock { $0.append(stalls.problem()) }
        }) {
            try flaky.attempt()
        }
        let problems = seen.withLock { $0 }
        // Retries 5 s apart (jitter 0.5 of 10 s), the first at 0 s: healthy up to 60 s of
        // failing (retries 1-13), stalled from 65 s on (retries 14-16).
        #expect(problems.count == 16)
        #expect(problems.prefix(13).allSatisfy { $0 == nil }, "\(problems)")
        #expect(problems.dropFirst(13).allSatisfy { $0 != nil }, "\(problems)")
        let text = try #require(problems.last ?? nil)
        #expect(text.contains("S3 GetObject s3://invoices/a.json failing for"))
        #expect(text.contains("longer than 60 s"))
        #expect(text.hasSuffix(": \(Outage())"))
        #expect(stalls.problem() == nil)
    }

    @Test("a streak that gives up is forgotten too")
    func gaveUpIsForgotten() async {
        let clock = FakeClock()
        let stalls = StallWatch(limit: .seconds(1), now: { clock.now })
        var policy = clock.policy(budget: 5)
        policy.stalls = stalls
        let flaky = Flaky(failures: 10)
        await #expect(throws: RetryError.self) {
            try await policy.run("write", logger: quiet, isTransient: isOutage) { try flaky.attempt() }
        }
        #expect(stalls.problem() == nil)
    }

    @Test("the oldest stalled operation is named, with how many others are stalled")
    func oldestNamed() throws {
        let clock = FakeClock()
        let stalls = StallWatch(limit: .seconds(30), now: { clock.now })
        let first = stalls.begin("publishing 12 outcomes", error: Outage())
        clock.advance(by: .seconds(10))
        _ = stalls.begin("DynamoDB BatchWriteItem", error: Outage())
        clock.advance(by: .seconds(25))
        #expect(stalls.problem()?.hasPrefix("publishing 12 outcomes failing for 35 s") == true)
        clock.advance(by: .seconds(10))
        #expect(stalls.problem()?.contains("(and 1 more operations)") == true)
        stalls.end(first)
        #expect(stalls.problem()?.hasPrefix("DynamoDB BatchWriteItem failing for 35 s") == true)
    }
}
