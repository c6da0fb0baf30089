import FleetCore
import Testing
import UploadRelay

/// Relay settings from the environment: no services needed.
struct RelayConfigurationTests {
    @Test func readsTheEnvironmentOverTheDefaults() {
        let config = RelayConfiguration(environment: EnvironmentReader([
            "RELAY_POLLERS": "8", "RELAY_VISIBILITY_TIMEOUT": "120", "RELAY_WAIT_SECONDS": "5",
            "RELAY_MAX_MESSAGES": "7", "RELAY_METRICS_PORT": "none", "RELAY_ID": "relay-a",
            "RELAY_REPORT_INTERVAL_SECONDS": "30",
        ]))
        #expect(config.pollers == 8)
        #expect(config.visibilityTimeoutSeconds == 120)
        #expect(config.waitTimeSeconds == 5)
        #expect(config.maxMessages == 7)
        #expect(config.metricsPort == nil)
        #expect(config.relayID == "relay-a")
        #expect(config.reportInterval == .seconds(30))
        #expect(RelayConfiguration(environment: EnvironmentReader([:])).metricsPort == 9102)
    }

    @Test func givesUpOnADeliveryBeforeItsMessageReappears() {
        var config = RelayConfiguration()
        #expect(config.producerDeliveryTimeout == .seconds(30), "default visibility 60 s")
        config.visibilityTimeoutSeconds = 12
        #expect(config.producerDeliveryTimeout == .seconds(7))
        config.visibilityTimeoutSeconds = 2
        #expect(config.producerDeliveryTimeout == .seconds(5), "librdkafka needs some time")
    }
}
