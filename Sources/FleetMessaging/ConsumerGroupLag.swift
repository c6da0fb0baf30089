import FleetSettings
import Kafka
import Logging

/// How far a consumer group is behind the end of its topic: per partition, the records
/// between the group's committed position and the partition's end.
///
/// Read without joining the group, so measuring never disturbs the members. A partition
/// the group never committed counts from its first record (the workers start at the
/// earliest offset).
package struct ConsumerGroupLag: Sendable, Codable, Equatable {
    package struct Partition: Sendable, Codable, Equatable {
        package var partition: Int32
        /// The next offset the group will read, or `nil` if it never committed here.
        package var committed: Int64?
        /// One past the partition's last record (its high watermark).
        package var end: Int64
        package var lag: Int64
    }

    package var group: String
    package var topic: String
    package var partitions: [Partition]
    package var total: Int64 { partitions.reduce(0) { $0 + $1.lag } }

    package init(group: String, topic: String, partitions: [Partition]) {
        self.group = group
        self.topic = topic
        self.partitions = partitions
    }

    /// Measures the workers' group (`KAFKA_CONSUMER_GROUP`) on the uploads topic.
    package static func measure(
        settings: StackSettings, timeout: Duration = .seconds(5), logger: Logger
    ) async throws(KafkaError) -> ConsumerGroupLag {
        let topic = settings.uploadsTopic
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: settings.kafkaClient, groupID: settings.consumerGroup), logger: logger
        )
        do {
            let numbers = try await consumer.partitions(of: topic, timeout: timeout)
            let committed = try await consumer.committed(numbers.map { KafkaTopicPartition(topic: topic, partition: $0) }, timeout: timeout)
            var partitions: [Partition] = []
            for number in numbers.sorted() {
                let marks = try await consumer.watermarks(topic: topic, partition: number, timeout: timeout)
                let position = committed.first { $0.partition == number }.flatMap { $0.offset >= 0 ? $0.offset : nil }
                let lag = max(0, marks.high - max(position ?? marks.low, marks.low))
                partitions.append(Partition(partition: number, committed: position, end: marks.high, lag: lag))
            }
            await consumer.close()
            return ConsumerGroupLag(group: settings.consumerGroup, topic: topic, partitions: partitions)
        } catch {
            await consumer.close()
            throw error
        }
    }
}
