import FleetSettings
import Foundation

/// What a load test uploads and how, each setting read from its flag of
/// `invoice-fleet loadtest` or its environment variable (`LoadTestConfiguration.settings`).
/// Bucket and topics come from `StackSettings`.
package struct LoadTestConfiguration: Sendable {
    /// Invoice files to upload. Default: 1000.
    package var count: Int = 1000
    /// Generator seed: the same seed gives the same files. Default: 42.
    package var seed: UInt64 = 42
    /// Share of files that break one validation rule, 0…1. Default: 0.05.
    package var brokenShare: Double = 0.05
    /// Share of files that are a second object claiming the previous file's access key
    /// with different content (`ExpectedOutcome.contested`), 0…0.5. Default: 0.01.
    package var conflictShare: Double = 0.01
    /// PutObject requests in flight. Default: 8.
    package var concurrency: Int = 8
    /// Target uploads per second; `nil` uploads as fast as the concurrency allows. Default: unlimited.
    package var rate: Double?
    /// How long to wait for outcomes after the last upload. Default: 600 s.
    package var timeout: Duration = .seconds(600)
    /// Attempts at one PutObject that fails transiently before it counts as failed. Default: 5.
    package var uploadAttempts: Int = 5
    /// Names the run; every object key starts with `loadtest/<runID>/`, so that runs
    /// never collide. Default: the start time and a random suffix.
    package var runID: String = LoadTestConfiguration.makeRunID()

    package init() {}

    /// - Throws: `SettingsError` naming the first setting given in a form it does not accept.
    package init(from source: SettingsSource) throws(SettingsError) {
        count = try source.value(Self.countSetting)
        seed = try source.value(Self.seedSetting)
        brokenShare = try source.value(Self.brokenShareSetting)
        conflictShare = try source.value(Self.conflictShareSetting)
        concurrency = try source.value(Self.concurrencySetting)
        let rate = try source.value(Self.rateSetting)
        self.rate = rate > 0 ? rate : nil
        timeout = try source.value(Self.timeoutSetting)
        runID = try source.value(Self.runIDSetting) ?? runID
    }

    // MARK: - Settings

    static let countSetting = Setting<Int>.integer(
        "LOADTEST_COUNT", flag: "count", default: 1000, in: 0 ... 100_000_000, help: "Invoice files to upload.")
    static let seedSetting = Setting<UInt64>(
        "LOADTEST_SEED", flag: "seed", help: "Generator seed; the same seed gives the same files.",
        expected: "a whole number from 0 to \(UInt64.max)", default: 42, defaultText: "42", parse: { UInt64($0) })
    static let brokenShareSetting = Setting<Double>.decimal(
        "LOADTEST_BROKEN_SHARE", flag: "broken-share", default: 0.05, in: 0 ... 1, help: "Share of broken files, 0-1.")
    static let conflictShareSetting = Setting<Double>.decimal(
        "LOADTEST_CONFLICT_SHARE", flag: "conflict-share", default: 0.01, in: 0 ... 0.5,
        help: "Share of files claiming the previous file's access key with other content (one of each pair must be stored, the other dead-lettered access_key_conflict), 0-0.5.")
    static let concurrencySetting = Setting<Int>.integer(
        "LOADTEST_CONCURRENCY", flag: "concurrency", default: 8, in: 1 ... 1024, help: "Uploads in flight.")
    static let rateSetting = Setting<Double>.decimal(
        "LOADTEST_RATE", flag: "rate", default: 0, in: 0 ... 1_000_000,
        help: "Target uploads per second; 0 uploads as fast as the concurrency allows.")
    static let timeoutSetting = Setting<Duration>.duration(
        "LOADTEST_TIMEOUT_SECONDS", flag: "timeout", default: .seconds(600), unit: .seconds, in: 1 ... 86_400,
        help: "Seconds to wait for outcomes after the last upload.")
    static let runIDSetting = Setting<String?>.optionalText(
        "LOADTEST_RUN_ID", flag: "run-id", help: "Run id, the key prefix's second part (default: time and random suffix).")

    /// Every load-test setting, in the order help lists them.
    package static let settings: [SettingDescription] = [
        countSetting.description, seedSetting.description, brokenShareSetting.description, conflictShareSetting.description,
        concurrencySetting.description, rateSetting.description, timeoutSetting.description, runIDSetting.description,
    ]

    /// The prefix of every object key of this run.
    package var keyPrefix: String { "loadtest/\(runID)/" }

    /// `yyyyMMdd-HHmmss-xxxx` in UTC: sortable, unique enough for concurrent runs.
    package static func makeRunID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(formatter.string(from: now))-\(String(UInt16.random(in: 0 ... .max), radix: 16))"
    }
}
