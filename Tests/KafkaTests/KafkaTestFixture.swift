import FleetTestSupport
import Kafka
import Logging

/// Creates fresh topics and clients on the local broker for one test.
struct KafkaTestFixture {
    let brokers = LocalStack.settings.kafkaBrokers
    let logger = LocalStack.logger("kafka-tests")

    var client: KafkaClientConfiguration { KafkaClientConfiguration(bootstrapServers: brokers) }

    func createTopic(partitions: Int) async throws -> String {
        let name = LocalStack.uniqueName("test-topic")
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        try await admin.createTopics([.init(name: name, partitions: partitions)])
        // Wait until the cluster's metadata lists every partition.
        for _ in 0 ..< 50 {
            if let found = try? await admin.partitions(of: name), found.count == partitions { return name }
            try await Task.sleep(for: .milliseconds(100))
        }
        return name
    }

    func producer() throws -> KafkaProducer {
        var config = KafkaProducerConfiguration(client: client)
        config.deliveryTimeout = .seconds(20)
        return try KafkaProducer(configuration: config, logger: logger)
    }

    func consumer(group: String?) throws -> KafkaConsumer {
        var config = KafkaConsumerConfiguration(client: client, groupID: group)
        config.sessionTimeout = .seconds(6)
        return try KafkaConsumer(configuration: config, logger: logger)
    }

    /// Polls until `count` records arrived or `attempts` polls came back empty-handed.
    func drain(_ consumer: KafkaConsumer, count: Int, attempts: Int = 60) async throws -> [KafkaRecord] {
        var records: [KafkaRecord] = []
        var idle = 0
        while records.count < count, idle < attempts {
            let batch = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(500))
            if batch.isEmpty { idle += 1 } else { records += batch }
        }
        return records
    }
}
