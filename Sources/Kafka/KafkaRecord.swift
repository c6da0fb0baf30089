/// A header of a Kafka record. Values are bytes; `stringValue` decodes UTF-8.
package struct KafkaHeader: Sendable, Hashable {
    package var key: String
    package var value: [UInt8]

    package init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    package init(_ key: String, _ value: String) {
        self.init(key: key, value: Array(value.utf8))
    }

    package var stringValue: String { String(decoding: value, as: UTF8.self) }
}

/// A partition of a topic.
package struct KafkaTopicPartition: Sendable, Hashable, CustomStringConvertible {
    package var topic: String
    package var partition: Int32

    package init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    package var description: String { "\(topic)[\(partition)]" }
}

/// A position in a partition: for commits, the offset of the next record to read.
package struct KafkaTopicPartitionOffset: Sendable, Hashable, CustomStringConvertible {
    package var topicPartition: KafkaTopicPartition
    package var offset: Int64

    package init(topic: String, partition: Int32, offset: Int64) {
        self.topicPartition = KafkaTopicPartition(topic: topic, partition: partition)
        self.offset = offset
    }

    package var topic: String { topicPartition.topic }
    package var partition: Int32 { topicPartition.partition }
    package var description: String { "\(topicPartition)@\(offset)" }

    /// librdkafka's logical offsets, for assigning a partition without a committed position.
    package static let beginning: Int64 = -2
    package static let end: Int64 = -1
    package static let stored: Int64 = -1000
}

/// Where a consumer stands in a partition, as librdkafka knows it locally
/// (`KafkaConsumer.localProgress`); `nil` where it does not know yet.
package struct KafkaPartitionProgress: Sendable, Hashable {
    /// The next offset the consumer will fetch.
    package var position: Int64?
    /// One past the partition's last record, as the last fetch response reported it.
    package var end: Int64?

    package init(position: Int64?, end: Int64?) {
        self.position = position
        self.end = end
    }
}

/// A record read from Kafka. Its bytes are copied out of librdkafka's buffers.
package struct KafkaRecord: Sendable, Hashable {
    package var topic: String
    package var partition: Int32
    package var offset: Int64
    package var key: [UInt8]?
    package var value: [UInt8]
    package var headers: [KafkaHeader]
    /// Milliseconds since the epoch, as set by the producer or the broker; `nil` if absent.
    package var timestampMilliseconds: Int64?

    package init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
        headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The first header named `key`, decoded as UTF-8.
    package func header(_ key: String) -> String? {
        headers.first { $0.key == key }?.stringValue
    }

    package var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }
}

extension Sequence where Element == KafkaRecord {
    /// The offsets to commit once every record of the sequence is processed: per partition,
    /// one past the highest offset seen.
    package var nextOffsets: [KafkaTopicPartitionOffset] {
        var highest: [KafkaTopicPartition: Int64] = [:]
        for record in self {
            let tp = KafkaTopicPartition(topic: record.topic, partition: record.partition)
            highest[tp] = Swift.max(highest[tp] ?? -1, record.offset)
        }
        return highest.mapValues { $0 + 1 }.sortedOffsets
    }
}

extension Dictionary where Key == KafkaTopicPartition, Value == Int64 {
    /// The positions as commit offsets, sorted by topic and partition so that commits
    /// and logs are stable.
    package var sortedOffsets: [KafkaTopicPartitionOffset] {
        map { KafkaTopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
            .sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }
}

/// A record to produce.
package struct KafkaOutgoingMessage: Sendable, Hashable {
    package var topic: String
    package var key: [UInt8]?
    package var value: [UInt8]
    package var headers: [KafkaHeader]
    /// A fixed partition; `nil` lets the partitioner choose from the key.
    package var partition: Int32?

    package init(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = [], partition: Int32? = nil) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
    }

    package init(topic: String, key: String?, value: [UInt8], headers: [KafkaHeader] = [], partition: Int32? = nil) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: headers, partition: partition)
    }
}

/// Where the broker stored a produced record.
package struct KafkaDeliveryReport: Sendable, Hashable {
    package var topic: String
    package var partition: Int32
    package var offset: Int64

    package init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
