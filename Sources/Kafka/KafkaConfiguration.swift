/// Settings every Kafka client of the fleet shares.
package struct KafkaClientConfiguration: Sendable {
    /// Comma-separated `host:port` list. Default: `127.0.0.1:9092`.
    package var bootstrapServers: String = "127.0.0.1:9092"
    /// Identifies this process in broker logs and metrics. Default: `invoice-fleet`.
    package var clientID: String = "invoice-fleet"
    /// How long to wait for a broker's answer to a request. Default: 10 seconds.
    package var requestTimeout: Duration = .seconds(10)
    /// Raw librdkafka properties, applied last, for anything not modelled here
    /// (security, SASL, compression…). Default: none.
    package var properties: [String: String] = [:]

    package init(bootstrapServers: String = "127.0.0.1:9092") {
        self.bootstrapServers = bootstrapServers
    }

    var librdkafkaProperties: [String: String] {
        [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "socket.timeout.ms": String(requestTimeout.milliseconds),
            // IPv4 first: the local stack listens on 127.0.0.1 only.
            "broker.address.family": "any",
        ]
    }
}

/// A producer's settings.
package struct KafkaProducerConfiguration: Sendable {
    package var client: KafkaClientConfiguration
    /// librdkafka's idempotent producer: no duplicates on retry, order kept. Default: `false`.
    ///
    /// Off because it can turn a broker failure into a loss. A retried request that the
    /// broker answers with `DUPLICATE_SEQUENCE_NUMBER` counts as delivered, so the
    /// producer trusts the broker to have stored the data before it stored the sequence
    /// number. Tansu's S3 engine stores the sequence first: killing it, or an S3 write
    /// failing, between the two writes acknowledges records it never stored (measured:
    /// 20 of 1500 per broker kill, none with this off). The fleet tolerates the
    /// duplicates and reordering that plain retries can cause (outcomes are at least once,
    /// table writes idempotent). On Apache Kafka, `KAFKA_PROPERTIES=enable.idempotence=true`
    /// turns it back on.
    package var idempotent: Bool = false
    /// How long a record may wait for the broker's acknowledgement before its send fails
    /// with `_MSG_TIMED_OUT`: this bounds every `send` when the broker is down. Default: 30 s.
    package var deliveryTimeout: Duration = .seconds(30)
    /// How long to wait for more records to fill a request. Default: 5 ms.
    package var linger: Duration = .milliseconds(5)
    /// How long a graceful shutdown waits for unacknowledged records before giving up on
    /// them; it bounds how long stopping the service can take. Default: 10 s.
    package var flushTimeout: Duration = .seconds(10)

    package init(client: KafkaClientConfiguration) {
        self.client = client
    }

    var librdkafkaProperties: [String: String] {
        var p = client.librdkafkaProperties
        p["enable.idempotence"] = idempotent ? "true" : "false"
        p["message.timeout.ms"] = String(deliveryTimeout.milliseconds)
        p["linger.ms"] = String(linger.milliseconds)
        // Java clients' partitioner, so that a key lands on the same partition whichever
        // client produced it.
        p["partitioner"] = "murmur2_random"
        return p.merging(client.properties) { _, raw in raw }
    }
}

/// A consumer's settings.
package struct KafkaConsumerConfiguration: Sendable {
    /// Where to start in a partition that has no committed offset.
    package struct OffsetReset: Sendable, Hashable {
        let value: String
        package static let earliest = OffsetReset(value: "earliest")
        package static let latest = OffsetReset(value: "latest")
    }

    package var client: KafkaClientConfiguration
    /// The consumer group. `nil` for a consumer that only reads assigned partitions and
    /// never commits (inspection tools). Default: `nil`.
    package var groupID: String?
    /// Default: `.earliest`, so that nothing produced before a group's first start is skipped.
    package var offsetReset: OffsetReset = .earliest
    /// A member silent for this long is removed from the group: how long a killed
    /// member's partitions wait before they move. Default: 6 s, the least Apache Kafka
    /// accepts by default (`group.min.session.timeout.ms`); Tansu also holds each join
    /// for half of it.
    package var sessionTimeout: Duration = .seconds(6)
    /// How often a member tells the coordinator it is alive, and learns of a rebalance.
    /// Default: 1 s, so that the others react to a joining member within a second.
    package var heartbeatInterval: Duration = .seconds(1)
    /// A static member's name (`group.instance.id`), stable across restarts: a member
    /// that comes back within `sessionTimeout` gets its partitions back without a
    /// rebalance, where the broker supports it (Apache Kafka 2.3+). A static member does
    /// not leave the group when it closes, so its partitions wait `sessionTimeout` when
    /// it does not come back. Default: `nil` (a dynamic member).
    package var groupInstanceID: String?
    /// A member that does not poll for this long leaves the group (a stuck batch).
    /// Default: 5 minutes.
    package var maxPollInterval: Duration = .seconds(300)
    /// Partition assignment strategy. Default: `cooperative-sticky` (incremental
    /// rebalancing: members keep the partitions they had and go on consuming while a
    /// rebalance moves only the partitions that change owner).
    package var assignmentStrategy: String = "cooperative-sticky"

    package init(client: KafkaClientConfiguration, groupID: String?) {
        self.client = client
        self.groupID = groupID
    }

    var librdkafkaProperties: [String: String] {
        var p = client.librdkafkaProperties
        // Offsets are committed only by the caller, and only for records it finished.
        p["enable.auto.commit"] = "false"
        p["enable.auto.offset.store"] = "false"
        p["auto.offset.reset"] = offsetReset.value
        p["session.timeout.ms"] = String(sessionTimeout.milliseconds)
        p["max.poll.interval.ms"] = String(maxPollInterval.milliseconds)
        p["heartbeat.interval.ms"] = String(heartbeatInterval.milliseconds)
        if let groupInstanceID { p["group.instance.id"] = groupInstanceID }
        p["partition.assignment.strategy"] = assignmentStrategy
        p["enable.partition.eof"] = "false"
        // librdkafka requires a group.id even for assign()-only consumers; such a group
        // never commits and never joins, so a per-process name is harmless.
        p["group.id"] = groupID ?? "invoice-fleet-reader-\(UInt32.random(in: 0 ... .max))"
        return p.merging(client.properties) { _, raw in raw }
    }
}

extension Duration {
    /// Whole milliseconds, for librdkafka's `*.ms` properties.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
