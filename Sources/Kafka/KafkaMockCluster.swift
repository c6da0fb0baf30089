import CRdKafka
import Logging

/// librdkafka's built-in mock cluster, running in this process, for unit tests of broker
/// failures that a real broker cannot be made to produce on demand.
///
/// Clients reach it over TCP like any cluster: point `bootstrapServers` at it. It supports
/// produce, fetch, consumer groups and offsets, but not the admin API (create topics here).
package final class KafkaMockCluster: Sendable {
    /// A Kafka protocol request type, to inject errors into.
    package struct Request: Sendable, Hashable, CustomStringConvertible {
        let apiKey: Int16
        package let description: String

        package static let produce = Request(apiKey: 0, description: "Produce")
        package static let fetch = Request(apiKey: 1, description: "Fetch")
        package static let listOffsets = Request(apiKey: 2, description: "ListOffsets")
        package static let metadata = Request(apiKey: 3, description: "Metadata")
        package static let offsetCommit = Request(apiKey: 8, description: "OffsetCommit")
        package static let offsetFetch = Request(apiKey: 9, description: "OffsetFetch")
        package static let findCoordinator = Request(apiKey: 10, description: "FindCoordinator")
        package static let joinGroup = Request(apiKey: 11, description: "JoinGroup")
        package static let heartbeat = Request(apiKey: 12, description: "Heartbeat")
        package static let syncGroup = Request(apiKey: 14, description: "SyncGroup")
        package static let initProducerID = Request(apiKey: 22, description: "InitProducerId")
    }

    /// The client whose threads run the cluster; the cluster must go before it.
    private let handle: KafkaClientHandle
    /// `rd_kafka_mock_cluster_t`: its calls are thread-safe (they post to the cluster's
    /// own thread), and it is destroyed once, in `deinit`.
    private let cluster: KafkaMockClusterPointer
    /// The broker IDs, from 1.
    package let brokerIDs: ClosedRange<Int32>
    /// The `host:port` list to give clients as `bootstrap.servers`.
    package let bootstrapServers: String

    /// Starts a cluster of `brokers` brokers on ephemeral local ports.
    package init(brokers: Int = 3, logger: Logger) throws(KafkaError) {
        // Level 3 hides the warning that this carrier client has no bootstrap servers.
        handle = try KafkaClientHandle(type: RD_KAFKA_PRODUCER, properties: ["log_level": "3"], logger: logger)
        guard let cluster = rd_kafka_mock_cluster_new(handle.pointer, Int32(brokers)) else {
            throw .configuration("cannot start a mock cluster of \(brokers) brokers")
        }
        self.cluster = KafkaMockClusterPointer(pointer: cluster)
        brokerIDs = 1 ... Int32(brokers)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        // Groups form at once instead of after the broker's default 3 s delay.
        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0)
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster.pointer)
    }

    /// Creates `name`, which the admin API cannot do on this cluster.
    package func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(cluster.pointer, name, Int32(partitions), Int32(replicationFactor))
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "create mock topic \(name)") }
    }

    /// Makes the next requests of this type, to any broker, fail with `errors`, one each,
    /// in order; later requests succeed again. `.transport` drops the connection instead.
    package func failNextRequests(_ request: Request, with errors: [KafkaError.Code]) {
        let codes = errors.map { $0.librdkafkaValue ?? RD_KAFKA_RESP_ERR_UNKNOWN }
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster.pointer, request.apiKey, buffer.count, buffer.baseAddress)
        }
    }

    /// Forgets errors pushed by `failNextRequests` that no request has met yet.
    package func clearRequestErrors(_ request: Request) {
        rd_kafka_mock_clear_request_errors(cluster.pointer, request.apiKey)
    }

    /// Disconnects a broker and refuses new connections to it (leadership does not move).
    package func setBrokerDown(_ id: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_broker_set_down(cluster.pointer, id)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "mock broker \(id) down") }
    }

    /// Lets a broker that `setBrokerDown` stopped accept connections again.
    package func setBrokerUp(_ id: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_broker_set_up(cluster.pointer, id)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "mock broker \(id) up") }
    }

    /// Moves a partition's leadership, creating the topic if needed.
    package func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_partition_set_leader(cluster.pointer, topic, partition, broker)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "leader of \(topic)[\(partition)]") }
    }
}

/// See `KafkaMockCluster.cluster` for why this is safe to share.
struct KafkaMockClusterPointer: @unchecked Sendable {
    let pointer: OpaquePointer
}
