import Retrying
import Testing

@Suite("Backoff")
struct BackoffTests {
    let backoff = Backoff(base: .milliseconds(50), cap: .seconds(5))

    @Test("ceilings double from the base and stop at the cap")
    func ceilings() {
        let ceilings = (1...9).map { backoff.ceiling(forRetry: $0) }
        #expect(ceilings == [
            .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
            .milliseconds(1600), .milliseconds(3200), .seconds(5), .seconds(5),
        ])
    }

    @Test("huge retry numbers neither overflow nor pass the cap")
    func noOverflow() {
        #expect(backoff.ceiling(forRetry: 10_000) == .seconds(5))
        #expect(backoff.ceiling(forRetry: 0) == .milliseconds(50))
        #expect(backoff.ceiling(forRetry: -3) == .milliseconds(50))
    }

    @Test("full jitter spans zero to just under the ceiling")
    func jitterBounds() {
        #expect(backoff.delay(forRetry: 3, jitter: 0) == .zero)
        #expect(backoff.delay(forRetry: 3, jitter: 0.5) == .milliseconds(100))
        #expect(backoff.delay(forRetry: 3, jitter: 0.999_999) < .milliseconds(200))
        #expect(backoff.delay(forRetry: 3, jitter: 7) == .milliseconds(200))
        #expect(backoff.delay(forRetry: 3, jitter: -1) == .zero)
    }

    @Test("random delays stay within [0, ceiling) for every retry")
    func randomBounds() {
        var generator = SplitMix64(seed: 42)
        for retry in 1...20 {
            for _ in 0..<200 {
                let delay = backoff.delay(forRetry: retry, using: &generator)
                #expect(delay >= .zero && delay < backoff.ceiling(forRetry: retry))
            }
        }
    }

    @Test("the same seed gives the same delays")
    func deterministic() {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        let a = (1...5).map { backoff.delay(forRetry: $0, using: &first) }
        let b = (1...5).map { backoff.delay(forRetry: $0, using: &second) }
        #expect(a == b)
    }
}

/// A tiny seedable generator, so that tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
