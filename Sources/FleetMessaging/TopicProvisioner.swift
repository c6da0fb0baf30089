import FleetSettings
import Kafka
import Logging

/// Creates the fleet's three topics, idempotently: existing topics are left as they are.
package struct TopicProvisioner: Sendable {
    package var settings: StackSettings
    /// Partitions of `invoice-uploads` and `invoices.processed`: the most workers that can share the work.
    package var uploadsPartitions: Int

    package init(settings: StackSettings, uploadsPartitions: Int = 6) {
        self.settings = settings
        self.uploadsPartitions = uploadsPartitions
    }

    /// - Returns: the names of the topics created now.
    @discardableResult
    package func provision(logger: Logger) async throws -> [String] {
        let admin = try KafkaAdmin(configuration: settings.kafkaClient, logger: logger)
        return try await admin.createTopics([
            .init(name: settings.uploadsTopic, partitions: uploadsPartitions),
            .init(name: settings.processedTopic, partitions: uploadsPartitions),
            .init(name: settings.deadLetterTopic, partitions: 1),
        ])
    }
}

extension TopicProvisioner {
    /// Partitions of the uploads and processed topics, for `setup`.
    package static let partitionsSetting = Setting<Int>.integer(
        "KAFKA_UPLOADS_PARTITIONS", flag: "uploads-partitions", default: 6, in: 1 ... 10_000,
        help: "Partitions of the uploads and processed topics: the most workers that share the work.")
}
