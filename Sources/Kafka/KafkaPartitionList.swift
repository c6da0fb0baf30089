import CRdKafka

/// Owns an `rd_kafka_topic_partition_list_t` built from Swift values, for one call.
struct KafkaPartitionList: ~Copyable {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ entries: [KafkaTopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(entries.count))
        for entry in entries {
            let element = rd_kafka_topic_partition_list_add(pointer, entry.topic, entry.partition)!
            element.pointee.offset = entry.offset
        }
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    var entries: [KafkaTopicPartitionOffset] { Self.entries(of: pointer) }

    /// The first partition librdkafka marked with an error (after a commit, for example).
    var firstError: (partition: KafkaTopicPartition, error: rd_kafka_resp_err_t)? {
        for i in 0 ..< Int(pointer.pointee.cnt) {
            let element = pointer.pointee.elems[i]
            if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                return (KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition), element.err)
            }
        }
        return nil
    }

    static func entries(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartitionOffset] {
        (0 ..< Int(list.pointee.cnt)).map { i in
            let element = list.pointee.elems[i]
            return KafkaTopicPartitionOffset(
                topic: String(cString: element.topic), partition: element.partition, offset: element.offset
            )
        }
    }
}
