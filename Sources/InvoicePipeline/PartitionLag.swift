import Kafka

/// How far this worker is behind on each partition it owns, for the lag gauges.
///
/// - In records: from the next record to process to the partition's end (as librdkafka
///   last heard it). Before this worker has finished anything on a partition, it counts
///   from the consumer's fetch position.
/// - In seconds: the age of the oldest record not yet processed. That is the first record
///   of the batch under way. Between batches the worker knows no unprocessed record, so
///   the last value stands while records wait, and it drops to 0 once the partition is
///   caught up.
///
/// A pure value: the worker records each batch's start and end, and a reporter samples
/// it every few seconds with the consumer's local progress (`WorkerLagReporter`).
package struct PartitionLag: Sendable, Equatable {
    package struct Sample: Sendable, Equatable {
        package var partition: KafkaTopicPartition
        package var records: Int64
        package var seconds: Double

        package init(partition: KafkaTopicPartition, records: Int64, seconds: Double) {
            self.partition = partition
            self.records = records
            self.seconds = seconds
        }
    }

    /// The next offset to process, per partition this worker finished records on.
    private var next: [KafkaTopicPartition: Int64] = [:]
    /// The timestamp (ms) of the oldest record in the batch under way, per partition.
    private var oldestPending: [KafkaTopicPartition: Int64] = [:]
    /// The last age computed, which stands between batches.
    private var lastSeconds: [KafkaTopicPartition: Double] = [:]

    package init() {}

    /// A batch of `records` begins.
    package mutating func began(_ records: [KafkaRecord]) {
        for record in records {
            let partition = KafkaTopicPartition(topic: record.topic, partition: record.partition)
            guard oldestPending[partition] == nil, let timestamp = record.timestampMilliseconds else { continue }
            oldestPending[partition] = timestamp
        }
    }

    /// The batch of `records` is done: its outcomes are durable.
    package mutating func finished(_ records: [KafkaRecord]) {
        for offset in records.nextOffsets {
            next[offset.topicPartition] = max(next[offset.topicPartition] ?? offset.offset, offset.offset)
            oldestPending[offset.topicPartition] = nil
        }
    }

    /// The lag of each of `assigned` at `nowMilliseconds`; partitions no longer assigned are forgotten.
    ///
    /// - Parameter progress: the consumer's local position and partition end (`UploadConsumer.localProgress`).
    package mutating func sample(
        assigned: Set<KafkaTopicPartition>, progress: [KafkaTopicPartition: KafkaPartitionProgress],
        nowMilliseconds: Int64
    ) -> [Sample] {
        next = next.filter { assigned.contains($0.key) }
        oldestPending = oldestPending.filter { assigned.contains($0.key) }
        lastSeconds = lastSeconds.filter { assigned.contains($0.key) }
        return assigned.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }.map { partition in
            let from = next[partition] ?? progress[partition]?.position
            let records: Int64 = if let from, let end = progress[partition]?.end { max(0, end - from) } else { 0 }
            var seconds: Double
            if let oldest = oldestPending[partition] {
                seconds = max(0, Double(nowMilliseconds - oldest) / 1000)
            } else if records == 0 {
                seconds = 0
            } else {
                seconds = lastSeconds[partition] ?? 0
            }
            seconds = (seconds * 1000).rounded() / 1000
            lastSeconds[partition] = seconds
            return Sample(partition: partition, records: records, seconds: seconds)
        }
    }
}
