import Metrics

/// The relay's metrics, exported through whatever swift-metrics backend is bootstrapped
/// (Prometheus in `invoice-fleet relay`).
struct RelayMetrics: Sendable {
    let received = Counter(label: "relay_messages_received_total")
    let relayed = Counter(label: "relay_events_relayed_total")
    let testEvents = Counter(label: "relay_test_events_dropped_total")
    let deleted = Counter(label: "relay_messages_deleted_total")
    let deleteFailures = Counter(label: "relay_delete_failures_total")
    let receiveErrors = Counter(label: "relay_receive_errors_total")
    let produceRetries = Counter(label: "relay_produce_retries_total")
    /// One ReceiveMessage call, long-poll wait included.
    let pollLatency = Timer(label: "relay_poll_duration_seconds", preferredDisplayUnit: .seconds)
    /// From the end of a receive to the deletion of its messages: produce, acks, delete.
    let relayLatency = Timer(label: "relay_cycle_duration_seconds", preferredDisplayUnit: .seconds)

    /// How long the oldest message of the latest receive waited in the queue (from its
    /// `SentTimestamp`); 0 after an empty receive. Grows when the relay falls behind S3.
    let queueAge = Gauge(label: "relay_queue_oldest_message_age_seconds")

    func deadLettered(code: String) {
        Counter(label: "relay_dead_letters_total", dimensions: [("code", code)]).increment()
    }
}
