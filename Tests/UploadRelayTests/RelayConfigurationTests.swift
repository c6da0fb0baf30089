import FleetSettings
import Testing
import UploadRelay

/// Relay settings from the environment: no services needed.
struct RelayConfigurationTests {
    @Test func readsTheEnvironmentOverTheDefaults() throws {
        let config = try RelayConfiguration(from: SettingsSource(known: [], environment: [
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
        #expect(RelayConfiguration().metricsPort == 9102)
    }

    @Test func aValueOutOfSQSRangeIsAnErrorNamingTheVariable() {
        #expect(throws: SettingsError.invalidValue(origin: .variable("RELAY_MAX_MESSAGES"), value: "11", expected: "a whole number from 1 to 10")) {
            try RelayConfiguration(from: SettingsSource(known: [], environment: ["RELAY_MAX_MESSAGES": "11"]))
        }
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
