import CRdKafka

/// Cluster metadata look-ups shared by the consumer and the admin client.
enum KafkaMetadata {
    /// The partition numbers of `topic`, asking the cluster (not a cache).
    static func partitions(of topic: String, handle: KafkaClientHandle, timeout: Duration) async throws(KafkaError) -> [Int32] {
        let result: Result<[Int32], KafkaError> = await KafkaBlocking.run {
            guard let rkt = rd_kafka_topic_new(handle.pointer, topic, nil) else {
                return .failure(KafkaError(rd_kafka_last_error(), context: "topic \(topic)"))
            }
            defer { rd_kafka_topic_destroy(rkt) }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(handle.pointer, 0, rkt, &metadata, Int32(timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                return .failure(KafkaError(err, context: "metadata of \(topic)"))
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            guard metadata.pointee.topic_cnt > 0 else {
                return .failure(KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "topic \(topic)"))
            }
            let t = metadata.pointee.topics[0]
            if t.err != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(t.err, context: "topic \(topic)")) }
            return .success((0 ..< Int(t.partition_cnt)).map { t.partitions[$0].id }.sorted())
        }
        return try result.get()
    }
}
