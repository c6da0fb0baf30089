import FleetCore
import Foundation

/// What a load test uploads and how. Each setting has a flag of `invoice-fleet loadtest`
/// and an environment variable (in brackets). Bucket and topics come from `StackSettings`.
public struct LoadTestConfiguration: Sendable {
    /// Invoice files to upload [LOADTEST_COUNT]. Default: 1000.
    public var count: Int = 1000
    /// Generator seed: the same seed gives the same files [LOADTEST_SEED]. Default: 42.
    public var seed: UInt64 = 42
    /// Share of files that break one validation rule, 0…1 [LOADTEST_BROKEN_SHARE]. Default: 0.05.
    public var brokenShare: Double = 0.05
    /// PutObject requests in flight [LOADTEST_CONCURRENCY]. Default: 8.
    public var concurrency: Int = 8
    /// Target uploads per second; `nil` uploads as fast as the concurrency allows
    /// [LOADTEST_RATE, 0 = unlimited]. Default: unlimited.
    public var rate: Double?
    /// How long to wait for outcomes after the last upload [LOADTEST_TIMEOUT_SECONDS]. Default: 600 s.
    public var timeout: Duration = .seconds(600)
    /// Attempts at one PutObject that fails transiently before it counts as failed. Default: 5.
    public var uploadAttempts: Int = 5
    /// Names the run; every object key starts with `loadtest/<runID>/`, so that runs
    /// never collide. Default: the start time and a random suffix.
    public var runID: String = LoadTestConfiguration.makeRunID()

    public init() {}

    /// Reads the environment over the defaults.
    public init(environment env: EnvironmentReader) {
        count = env.int("LOADTEST_COUNT", default: count)
        seed = env.values["LOADTEST_SEED"].flatMap(UInt64.init) ?? seed
        brokenShare = env.values["LOADTEST_BROKEN_SHARE"].flatMap(Double.init) ?? brokenShare
        concurrency = env.int("LOADTEST_CONCURRENCY", default: concurrency)
        let rate = env.values["LOADTEST_RATE"].flatMap(Double.init) ?? 0
        self.rate = rate > 0 ? rate : nil
        timeout = .seconds(env.int("LOADTEST_TIMEOUT_SECONDS", default: 600))
    }

    /// The prefix of every object key of this run.
    public var keyPrefix: String { "loadtest/\(runID)/" }

    /// `yyyyMMdd-HHmmss-xxxx` in UTC: sortable, unique enough for concurrent runs.
    public static func makeRunID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(formatter.string(from: now))-\(String(UInt16.random(in: 0 ... .max), radix: 16))"
    }
}
