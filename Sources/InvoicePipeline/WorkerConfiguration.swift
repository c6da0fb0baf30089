import AWSClients
import FleetCore
import Foundation
import InvoiceDomain
import Retrying

/// One worker's settings. Each has a flag of `invoice-fleet worker` and an environment
/// variable (in brackets); defaults suit the local stack.
public struct WorkerConfiguration: Sendable {
    /// Names this worker in dead letters and processed records [WORKER_ID]. Default: `host-pid`.
    public var workerID: String = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    /// Most messages in one batch [WORKER_BATCH_SIZE]. Default: 200.
    public var batchSize: Int = 200
    /// Longest wait to fill a batch [WORKER_BATCH_WAIT_MS]. Default: 250 ms.
    public var batchWait: Duration = .milliseconds(250)
    /// S3 downloads in flight at once [WORKER_FETCH_CONCURRENCY]. Default: 32.
    public var fetchConcurrency: Int = 32
    /// BatchWriteItem requests in flight at once [WORKER_WRITE_CONCURRENCY]. Default: 4.
    public var writeConcurrency: Int = 4
    /// Invoice files larger than this are dead-lettered unread [INVOICE_MAX_BYTES]. Default: 1 MiB.
    public var maxFileSize: Int = 1 << 20
    /// How far in the future an issue date may be [INVOICE_FUTURE_SKEW_SECONDS]. Default: 300 s.
    public var futureSkew: Duration = .seconds(300)
    /// Attempts at a transiently failing fetch, write or publish before the message is
    /// dead-lettered as `transient` [WORKER_TRANSIENT_RETRIES]; `nil` retries for ever,
    /// letting lag grow through an outage instead of flooding the DLQ. Default: `nil`.
    public var transientRetryBudget: Int? = nil
    /// Backoff between transient retries. Default: 100 ms doubling to 10 s, full jitter.
    public var retryBackoff = Backoff(base: .milliseconds(100), cap: .seconds(10))
    /// Port of `/metrics` and `/health`; 0 picks a free one, `nil` serves none [WORKER_METRICS_PORT]. Default: 9101.
    public var metricsPort: Int? = 9101

    public init() {}

    /// Reads the environment over the defaults.
    public init(environment env: EnvironmentReader) {
        workerID = env.string("WORKER_ID", default: workerID)
        batchSize = env.int("WORKER_BATCH_SIZE", default: batchSize)
        batchWait = .milliseconds(env.int("WORKER_BATCH_WAIT_MS", default: 250))
        fetchConcurrency = env.int("WORKER_FETCH_CONCURRENCY", default: fetchConcurrency)
        writeConcurrency = env.int("WORKER_WRITE_CONCURRENCY", default: writeConcurrency)
        maxFileSize = env.int("INVOICE_MAX_BYTES", default: maxFileSize)
        futureSkew = .seconds(env.int("INVOICE_FUTURE_SKEW_SECONDS", default: 300))
        let budget = env.int("WORKER_TRANSIENT_RETRIES", default: 0)
        transientRetryBudget = budget > 0 ? budget : nil
        if let raw = env.values["WORKER_METRICS_PORT"] {
            metricsPort = raw == "none" ? nil : Int(raw) ?? metricsPort
        }
    }

    var validatorConfiguration: InvoiceValidator.Configuration {
        var config = InvoiceValidator.Configuration()
        config.maxFileSize = maxFileSize
        config.allowedFutureSkew = futureSkew
        return config
    }
}
