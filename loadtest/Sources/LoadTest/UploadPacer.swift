/// When each upload may start, for a target rate: upload `i` starts `i / rate` seconds
/// after the run's start. Slots are fixed in advance, so uploads that fall behind catch
/// up instead of lowering the overall rate, and concurrent uploaders need no shared state.
package struct UploadPacer: Sendable, Equatable {
    /// Uploads per second; `nil` means no pacing.
    package var rate: Double?

    package init(rate: Double?) {
        self.rate = rate.flatMap { $0 > 0 ? $0 : nil }
    }

    /// How long after the start upload `index` may begin.
    package func offset(of index: Int) -> Duration {
        guard let rate else { return .zero }
        return .nanoseconds(Int64((Double(index) / rate * 1e9).rounded()))
    }
}
