import FleetSettings
import Kafka

/// How the dead-letter tools reach Kafka, and how long they wait for it.
package struct DeadLetterClusterSettings: Sendable {
    package var client: KafkaClientConfiguration
    /// How long the first metadata request may take before the broker counts as
    /// unreachable; bounds every command's wait when Kafka is down. Default: 10 s.
    package var metadataTimeout: Duration = .seconds(10)
    /// How long a republished message may wait for the broker's acknowledgement. Default: 30 s.
    package var deliveryTimeout: Duration = .seconds(30)
    /// How long a scan may receive nothing before a partition that has not reached its
    /// end counts as stalled. Default: 20 s.
    package var idleTimeout: Duration = .seconds(20)
    /// How long a scan that has reached a partition's high watermark waits for the rest of
    /// the partition's last batch (see `PartitionRange`) before it calls the partition
    /// done. Default: 2 s.
    package var tailGrace: Duration = .seconds(2)
    /// How long a replay waits to be given every partition of its group. Default: 30 s.
    package var assignmentTimeout: Duration = .seconds(30)

    package init(brokers: String) {
        client = KafkaClientConfiguration(bootstrapServers: brokers)
        client.clientID = "invoice-fleet-dlq"
    }

    package init(stack: StackSettings) {
        self.init(brokers: stack.kafkaBrokers)
        client.properties = stack.kafkaProperties
    }

    package var brokers: String { client.bootstrapServers }

    func consumerConfiguration(groupID: String?) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(client: client, groupID: groupID)
        configuration.offsetReset = .earliest
        return configuration
    }

    func producerConfiguration() -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.deliveryTimeout = deliveryTimeout
        return configuration
    }
}
