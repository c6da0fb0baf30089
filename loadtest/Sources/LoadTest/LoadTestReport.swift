import Foundation

/// The result of a load test, written as JSON (`--report`) and HTML beside it, and
/// printed as text.
package struct LoadTestReport: Codable, Sendable, Equatable {
    /// What was run.
    package struct Run: Codable, Sendable, Equatable {
        package var runID: String
        package var bucket: String
        package var keyPrefix: String
        package var seed: UInt64
        package var count: Int
        package var brokenShare: Double
        /// `nil` in reports written before conflict cases existed.
        package var conflictShare: Double?
        package var concurrency: Int
        /// Uploads per second asked for; `nil` for as fast as possible.
        package var targetRate: Double?
        package var timeoutSeconds: Int
        /// ISO 8601, UTC.
        package var startedAt: String
        package var finishedAt: String
        /// Whether the wait for outcomes ended at the timeout.
        package var timedOut: Bool
    }

    package struct Uploads: Codable, Sendable, Equatable {
        package var succeeded: Int
        package var failed: Int
        /// From the first upload's start to the last one's end.
        package var seconds: Double
        package var perSecond: Double
    }

    package struct Outcomes: Codable, Sendable, Equatable {
        /// Successful uploads, each of which needs an outcome.
        package var expected: Int
        /// Uploads with at least one outcome.
        package var accounted: Int
        /// Stored as expected.
        package var stored: Int
        /// Dead-lettered with the expected code.
        package var deadLettered: Int
        /// Files of contested pairs (two objects, one access key) that ended as one of them
        /// must: stored, or dead-lettered `access_key_conflict`. `nil` in older reports.
        package var contested: Int?
        package var missing: Int
        package var wrongOutcome: Int
        package var conflicting: Int
        package var unexpected: Int
        /// Outcome records repeated for the same object (allowed: at-least-once).
        package var duplicates: Int
        /// Expected and matched counts per outcome: `stored` or the dead-letter code.
        package var byOutcome: [String: Reconciliation.Tally]
        /// From the last upload's end to the last outcome: how far the fleet lagged.
        package var secondsAfterLastUpload: Double
        /// Outcomes per second from the first upload to the last outcome.
        package var perSecond: Double
    }

    package var run: Run
    package var uploads: Uploads
    package var outcomes: Outcomes
    /// Upload finished → outcome record written.
    package var latencyMilliseconds: LatencySummary
    /// At most `mismatchLimit` of them; `mismatchCount` has the total.
    package var mismatches: [Mismatch]
    package var mismatchCount: Int
    package var passed: Bool
    /// Second by second, for the HTML report; `nil` in reports written before it existed.
    package var timeline: Timeline? = nil

    /// Mismatches listed in a report; the count covers all.
    package static let mismatchLimit = 1000

    /// The report as pretty-printed JSON with sorted keys.
    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the JSON to `path`, creating its directory.
    package func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try json().write(to: url)
    }
}
