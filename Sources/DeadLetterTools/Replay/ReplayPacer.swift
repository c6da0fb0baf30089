/// Keeps a replay under its rate limit. Pure: the caller measures time and sleeps.
///
/// Messages go in chunks of a tenth of a second's worth, each sent once the ones before
/// it are due, so that the average stays at the rate and bursts stay small.
package struct ReplayPacer: Sendable, Hashable {
    /// Messages per second; `nil` for no limit.
    package var rate: Double?

    package init(rate: Double?) {
        self.rate = rate.flatMap { $0 > 0 ? $0 : nil }
    }

    /// How many messages to send together.
    package var chunkSize: Int {
        guard let rate else { return 500 }
        return max(1, min(500, Int(rate / 10)))
    }

    /// How long to wait before sending more, after `sent` messages in `elapsed`.
    package func delay(sent: Int, elapsed: Duration) -> Duration {
        guard let rate else { return .zero }
        let due = Duration.seconds(Double(sent) / rate)
        return due > elapsed ? due - elapsed : .zero
    }
}
