import Kafka
import Metrics

/// The worker's metrics, exported through whatever swift-metrics backend is bootstrapped
/// (Prometheus in `invoice-fleet worker`).
struct WorkerMetrics: Sendable {
    let stored = Counter(label: "invoices_stored_total")
    let ignored = Counter(label: "upload_events_ignored_total")
    /// Events of a version a newer one replaced (in S3, or in the table).
    let superseded = Counter(label: "upload_events_superseded_total")
    let batchDuration = Timer(label: "worker_batch_duration_seconds", preferredDisplayUnit: .seconds)
    let batchSize = Recorder(label: "worker_batch_size")
    let fetchLatency = Timer(label: "s3_fetch_duration_seconds", preferredDisplayUnit: .seconds)
    let dynamoRetries = Counter(label: "dynamodb_retries_total")
    let transientRetries = Counter(label: "worker_transient_retries_total")

    /// Lag per owned partition (`PartitionLag`): `worker_partition_lag_records` and
    /// `worker_partition_lag_seconds`, labelled by topic and partition only (bounded by
    /// the partition count). The fleet's total is their sum over workers.
    func lag(_ partition: KafkaTopicPartition, records: Int64, seconds: Double) {
        let dimensions = [("topic", partition.topic), ("partition", String(partition.partition))]
        Gauge(label: "worker_partition_lag_records", dimensions: dimensions).record(records)
        Gauge(label: "worker_partition_lag_seconds", dimensions: dimensions).record(seconds)
    }

    func deadLettered(code: String, stage: String) {
        Counter(label: "invoices_dead_lettered_total", dimensions: [("code", code), ("stage", stage)]).increment()
    }
}
