/// How far a replay is, reported after each acknowledged chunk.
public struct ReplayProgress: Sendable, Hashable {
    /// DLQ records read in this run, and how many there are to read at most.
    public var scanned: Int64 = 0
    public var total: Int64 = 0
    public var selected = 0
    public var sent = 0
    public var refused = 0

    public init() {}

    /// Fraction read, 0 … 1.
    public var fraction: Double { total > 0 ? min(1, Double(scanned) / Double(total)) : 1 }
}
