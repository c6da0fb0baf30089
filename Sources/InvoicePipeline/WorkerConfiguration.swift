import FleetSettings
import Foundation
import InvoiceDomain
import Retrying

/// One worker's settings, each read from its flag of `invoice-fleet worker` or its
/// environment variable (`WorkerConfiguration.settings`); defaults suit the local stack.
package struct WorkerConfiguration: Sendable {
    /// Names this worker in dead letters and processed records. Default: `host-pid`.
    package var workerID: String
    /// Most messages in one batch. Default: 200.
    package var batchSize: Int
    /// Longest wait to fill a batch. Default: 250 ms.
    package var batchWait: Duration
    /// S3 downloads in flight at once. Default: 32.
    package var fetchConcurrency: Int
    /// BatchWriteItem requests in flight at once. Default: 4.
    package var writeConcurrency: Int
    /// Invoice files larger than this are dead-lettered unread. Default: 1 MiB.
    package var maxFileSize: Int
    /// How far in the future an issue date may be. Default: 300 s.
    package var futureSkew: Duration
    /// Attempts at a transiently failing fetch, write or publish before the message is
    /// dead-lettered as `transient`; `nil` retries for ever, letting lag grow through an
    /// outage instead of flooding the DLQ. Default: `nil`.
    package var transientRetryBudget: Int?
    /// Backoff between transient retries. Default: 100 ms doubling to 10 s, full jitter.
    package var retryBackoff = Backoff(base: .milliseconds(100), cap: .seconds(10))
    /// Pause between retries of a failed offset commit while no new batch arrives.
    /// Default: 1 s.
    package var commitRetryPause: Duration = .seconds(1)
    /// How often the lag gauges are sampled. Default: 5 s, finer than any scrape interval
    /// an autoscaler uses.
    package var lagReportInterval: Duration = .seconds(5)
    /// Port of `/metrics` and `/health`; 0 picks a free one, `nil` serves none. Default: 9101.
    package var metricsPort: Int?
    /// How long a fetch, write or publish may keep failing before `/health` turns 503.
    /// Default: 120 s.
    package var stallLimit: Duration
    /// Joins the group as a static member named `workerID` (`group.instance.id`), so that
    /// a worker restarted within the session timeout takes its partitions back without a
    /// rebalance. Needs a stable `WORKER_ID` per worker. Default: `false`.
    package var staticMembership: Bool

    /// Every default.
    package init() {
        // The defaults of the settings cannot fail to read.
        self = try! WorkerConfiguration(from: .defaults)
    }

    /// - Throws: `SettingsError` naming the first setting given in a form it does not accept.
    package init(from source: SettingsSource) throws(SettingsError) {
        workerID = try source.value(Self.workerIDSetting)
        batchSize = try source.value(Self.batchSizeSetting)
        batchWait = try source.value(Self.batchWaitSetting)
        fetchConcurrency = try source.value(Self.fetchConcurrencySetting)
        writeConcurrency = try source.value(Self.writeConcurrencySetting)
        maxFileSize = try source.value(Self.maxFileSizeSetting)
        futureSkew = try source.value(Self.futureSkewSetting)
        let budget = try source.value(Self.transientRetriesSetting)
        transientRetryBudget = budget > 0 ? budget : nil
        metricsPort = try source.value(Self.metricsPortSetting)
        stallLimit = try source.value(Self.stallLimitSetting)
        staticMembership = try source.value(Self.staticMembershipSetting)
    }

    // MARK: - Settings

    static let workerIDSetting = Setting<String>.text(
        "WORKER_ID", flag: "worker-id",
        default: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)",
        help: "Names this worker in dead letters and results; stable per worker (host-pid by default).")
    static let batchSizeSetting = Setting<Int>.integer(
        "WORKER_BATCH_SIZE", flag: "batch-size", default: 200, in: 1 ... 10_000, help: "Most messages per batch.")
    static let batchWaitSetting = Setting<Duration>.duration(
        "WORKER_BATCH_WAIT_MS", flag: "batch-wait-ms", default: .milliseconds(250), unit: .milliseconds,
        in: 1 ... 60_000, help: "Longest wait to fill a batch, in milliseconds.")
    static let fetchConcurrencySetting = Setting<Int>.integer(
        "WORKER_FETCH_CONCURRENCY", flag: "fetch-concurrency", default: 32, in: 1 ... 1024, help: "S3 downloads in flight.")
    static let writeConcurrencySetting = Setting<Int>.integer(
        "WORKER_WRITE_CONCURRENCY", flag: "write-concurrency", default: 16, in: 1 ... 256,
        help: "Conditional DynamoDB writes (PutItem) in flight.")
    static let maxFileSizeSetting = Setting<Int>.integer(
        "INVOICE_MAX_BYTES", flag: "max-file-bytes", default: 1 << 20, in: 1 ... 1 << 30,
        help: "Largest invoice file in bytes; larger ones are dead-lettered unread.")
    static let futureSkewSetting = Setting<Duration>.duration(
        "INVOICE_FUTURE_SKEW_SECONDS", flag: "future-skew-seconds", default: .seconds(300), unit: .seconds,
        in: 0 ... 86_400, help: "How far in the future an issue date may be, in seconds.")
    static let transientRetriesSetting = Setting<Int>.integer(
        "WORKER_TRANSIENT_RETRIES", flag: "transient-retries", default: 0, in: 0 ... 1_000_000,
        help: "Attempts at a transient failure before dead-lettering it; 0 retries for ever.")
    static let metricsPortSetting = Setting<Int?>.listenPort(
        "WORKER_METRICS_PORT", flag: "metrics-port", default: 9101, help: "Port of /metrics and /health; none to disable.")

    static let stallLimitSetting = Setting<Duration>.duration(
        "WORKER_STALL_LIMIT_SECONDS", flag: "stall-limit-seconds", default: .seconds(120), unit: .seconds,
        in: 1 ... 86_400, help: "How long an operation may keep failing before /health answers 503, in seconds.")
    static let staticMembershipSetting = Setting<Bool>.flag(
        "WORKER_STATIC_MEMBERSHIP", flag: "static-membership", default: false,
        help: "Join as a static group member named WORKER_ID (group.instance.id); needs a stable WORKER_ID per worker.")

    /// Every worker setting, in the order help lists them.
    package static let settings: [SettingDescription] = [
        workerIDSetting.description, batchSizeSetting.description, batchWaitSetting.description,
        fetchConcurrencySetting.description, writeConcurrencySetting.description, transientRetriesSetting.description,
        maxFileSizeSetting.description, futureSkewSetting.description, metricsPortSetting.description,
        stallLimitSetting.description, staticMembershipSetting.description,
    ]

    var validatorConfiguration: InvoiceValidator.Configuration {
        var config = InvoiceValidator.Configuration()
        config.maxFileSize = maxFileSize
        config.allowedFutureSkew = futureSkew
        return config
    }
}
