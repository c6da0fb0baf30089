/// Exponential backoff with "full jitter": the delay before retry `n` is drawn uniformly
/// from `[0, min(cap, base × 2^(n-1)))`.
///
/// Full jitter spreads the retries of many clients that failed together (a throttled
/// table, a restarted endpoint) instead of having them return in lockstep. The value is
/// pure: randomness comes in as a parameter, so tests pin it.
package struct Backoff: Sendable, Equatable {
    /// The ceiling of the first retry. Default: 50 ms.
    package var base: Duration
    /// The largest ceiling. Default: 5 s.
    package var cap: Duration

    package init(base: Duration = .milliseconds(50), cap: Duration = .seconds(5)) {
        self.base = base
        self.cap = cap
    }

    /// The upper bound of the delay before retry `retry` (1 for the first retry).
    package func ceiling(forRetry retry: Int) -> Duration {
        let exponent = Double(min(max(retry, 1) - 1, 62))
        let seconds = min(Self.seconds(cap), Self.seconds(base) * pow2(exponent))
        return .nanoseconds(Int64((seconds * 1e9).rounded(.down)))
    }

    /// The delay before retry `retry` for a jitter value in `[0, 1)`.
    ///
    /// - Parameters:
    ///   - retry: 1 for the first retry.
    ///   - jitter: A uniform random number in `[0, 1)`; values outside are clamped.
    package func delay(forRetry retry: Int, jitter: Double) -> Duration {
        let fraction = min(max(jitter, 0), 1)
        return .nanoseconds(Int64((Self.seconds(ceiling(forRetry: retry)) * fraction * 1e9).rounded(.down)))
    }

    /// The delay before retry `retry`, jitter drawn from `generator`.
    package func delay(forRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        delay(forRetry: retry, jitter: Double.random(in: 0..<1, using: &generator))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
