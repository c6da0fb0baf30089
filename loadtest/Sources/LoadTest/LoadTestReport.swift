import Foundation

/// The result of a load test, written as JSON (`--report`) and printed as text.
public struct LoadTestReport: Codable, Sendable, Equatable {
    /// What was run.
    public struct Run: Codable, Sendable, Equatable {
        public var runID: String
        public var bucket: String
        public var keyPrefix: String
        public var seed: UInt64
        public var count: Int
        public var brokenShare: Double
        public var concurrency: Int
        /// Uploads per second asked for; `nil` for as fast as possible.
        public var targetRate: Double?
        public var timeoutSeconds: Int
        /// ISO 8601, UTC.
        public var startedAt: String
        public var finishedAt: String
        /// Whether the wait for outcomes ended at the timeout.
        public var timedOut: Bool
    }

    public struct Uploads: Codable, Sendable, Equatable {
        public var succeeded: Int
        public var failed: Int
        /// From the first upload's start to the last one's end.
        public var seconds: Double
        public var perSecond: Double
    }

    public struct Outcomes: Codable, Sendable, Equatable {
        /// Successful uploads, each of which needs an outcome.
        public var expected: Int
        /// Uploads with at least one outcome.
        public var accounted: Int
        /// Stored as expected.
        public var stored: Int
        /// Dead-lettered with the expected code.
        public var deadLettered: Int
        public var missing: Int
        public var wrongOutcome: Int
        public var conflicting: Int
        public var unexpected: Int
        /// Outcome records repeated for the same object (allowed: at-least-once).
        public var duplicates: Int
        /// Expected and matched counts per outcome: `stored` or the dead-letter code.
        public var byOutcome: [String: Reconciliation.Tally]
        /// From the last upload's end to the last outcome: how far the fleet lagged.
        public var secondsAfterLastUpload: Double
        /// Outcomes per second from the first upload to the last outcome.
        public var perSecond: Double
    }

    public var run: Run
    public var uploads: Uploads
    public var outcomes: Outcomes
    /// Upload finished → outcome record written.
    public var latencyMilliseconds: LatencySummary
    /// At most `mismatchLimit` of them; `mismatchCount` has the total.
    public var mismatches: [Mismatch]
    public var mismatchCount: Int
    public var passed: Bool

    /// Mismatches listed in a report; the count covers all.
    public static let mismatchLimit = 1000

    /// The report as pretty-printed JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the JSON to `path`, creating its directory.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try json().write(to: url)
    }
}
