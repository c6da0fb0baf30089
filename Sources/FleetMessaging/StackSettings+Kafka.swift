import FleetSettings
import Kafka

extension StackSettings {
    /// The Kafka client settings for these brokers, `KAFKA_PROPERTIES` applied.
    package var kafkaClient: KafkaClientConfiguration {
        var client = KafkaClientConfiguration(bootstrapServers: kafkaBrokers)
        client.properties = kafkaProperties
        return client
    }
}
