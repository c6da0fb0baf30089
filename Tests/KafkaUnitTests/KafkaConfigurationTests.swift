@testable import Kafka
import Testing

@Suite struct KafkaConfigurationTests {
    /// Idempotence is off by default (see `KafkaProducerConfiguration.idempotent`: on Tansu
    /// it turns a broker kill into acknowledged records that were never stored); raw
    /// `KAFKA_PROPERTIES` can still turn it on for Apache Kafka.
    @Test func producersAreNotIdempotentUnlessThePropertiesSaySo() {
        var configuration = KafkaProducerConfiguration(client: KafkaClientConfiguration())
        #expect(configuration.librdkafkaProperties["enable.idempotence"] == "false")
        configuration.client.properties = ["enable.idempotence": "true"]
        #expect(configuration.librdkafkaProperties["enable.idempotence"] == "true")
    }
}
