/// How far a replay is, reported after each acknowledged chunk.
package struct ReplayProgress: Sendable, Hashable {
    /// DLQ records read in this run, and how many there are to read at most.
    package var scanned: Int64 = 0
    package var total: Int64 = 0
    package var selected = 0
    package var sent = 0
    package var refused = 0

    package init() {}

    /// Fraction read, 0 … 1.
    package var fraction: Double { total > 0 ? min(1, Double(scanned) / Double(total)) : 1 }
}
