import Kafka

/// The consumer-group member the worker reads `invoice-uploads` through, and commits to.
///
/// `KafkaConsumer` conforms; a fake lets the worker loop be driven without a broker.
package protocol UploadConsumer: Sendable {
    func subscribe(topics: [String]) throws(KafkaError)
    var assignment: Set<KafkaTopicPartition> { get }
    func poll(maxMessages: Int, timeout: Duration) async throws(KafkaError) -> [KafkaRecord]
    /// Commits `offsets` (each the next to read) of partitions still assigned.
    @discardableResult
    func commit(_ offsets: [KafkaTopicPartitionOffset]) async throws(KafkaError) -> [KafkaTopicPartitionOffset]
    /// The member's next fetch position and the partition's last known end, without
    /// asking the broker; for the lag gauges (`PartitionLag`).
    func localProgress(of partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: KafkaPartitionProgress]
}

extension UploadConsumer {
    /// Fakes know no progress: their lag is what the worker itself saw.
    package func localProgress(of partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: KafkaPartitionProgress] { [:] }
}

extension KafkaConsumer: UploadConsumer {}
