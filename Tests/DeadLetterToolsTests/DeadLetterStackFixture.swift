import DeadLetterTools
import FleetContracts
import FleetMessaging
import FleetTestSupport
import Foundation
import Kafka
import Logging

/// Fresh topics, dead letters and tools on the local broker, for one test.
struct DeadLetterStackFixture {
    let logger = LocalStack.logger("dlq-tests")
    var settings: DeadLetterClusterSettings {
        var settings = DeadLetterClusterSettings(brokers: LocalStack.settings.kafkaBrokers)
        settings.idleTimeout = .seconds(15)
        return settings
    }

    /// Creates a topic of its own and waits until the cluster lists all its partitions.
    func createTopic(_ prefix: String, partitions: Int) async throws -> String {
        let name = LocalStack.uniqueName(prefix)
        let admin = try KafkaAdmin(configuration: settings.client, logger: logger)
        try await admin.createTopics([.init(name: name, partitions: partitions)])
        for _ in 0 ..< 50 {
            if let found = try? await admin.partitions(of: name), found.count == partitions { return name }
            try await Task.sleep(for: .milliseconds(100))
        }
        return name
    }

    /// A DLQ topic holding `letters` (the sample mix by default), plus `noise` records
    /// without dead-letter headers.
    func deadLetterTopic(partitions: Int = 2, letters: [DeadLetter] = DeadLetterSamples.mix, noise: Int = 0) async throws -> String {
        let topic = try await createTopic("test.dlq", partitions: partitions)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings.client), logger: logger)
        var messages = letters.map { $0.message(topic: topic) }
        messages += (0 ..< noise).map { KafkaOutgoingMessage(topic: topic, key: "noise-\($0)", value: [0xFF, UInt8($0)]) }
        _ = try await producer.sendAll(messages)
        await producer.shutdown()
        return topic
    }

    /// Every record of `topic`, read without a group.
    func records(of topic: String) async throws -> [KafkaRecord] {
        let reader = DeadLetterReader(topic: topic, settings: settings, logger: logger)
        var records: [KafkaRecord] = []
        try await reader.scan(try await reader.ranges()) { records += $0 }
        return records
    }

    func replayer(
        from dlq: String, to target: String, group: String, selection: DeadLetterSelection = .all,
        _ adjust: (inout DeadLetterReplayConfiguration) -> Void = { _ in }
    ) -> DeadLetterReplayer {
        var configuration = DeadLetterReplayConfiguration(deadLetterTopic: dlq, targetTopic: target, groupID: group, selection: selection)
        adjust(&configuration)
        return DeadLetterReplayer(configuration: configuration, settings: settings, logger: logger)
    }

    /// "partition:low-high" per partition, to show a topic unchanged.
    func watermarks(of topic: String) async throws -> [String] {
        try await reader(topic).ranges().map { "\($0.partition):\($0.low)-\($0.end)" }
    }

    func reader(_ topic: String) -> DeadLetterReader {
        DeadLetterReader(topic: topic, settings: settings, logger: logger)
    }
}
