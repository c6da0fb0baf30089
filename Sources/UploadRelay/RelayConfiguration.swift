import AWSClients
import FleetSettings
import Foundation
import Retrying

/// The relay's settings, each read from its flag of `invoice-fleet relay` or its
/// environment variable (`RelayConfiguration.settings`); defaults suit the local stack.
/// The queue, topics and endpoints come from `StackSettings`.
package struct RelayConfiguration: Sendable {
    /// Names this relay in dead letters (`worker.id`) and logs. Default: `relay-host-pid`.
    package var relayID: String
    /// Concurrent long polls of the queue. Default: 4.
    package var pollers: Int
    /// Long-poll wait of each ReceiveMessage, 0…20 s. Default: 20.
    package var waitTimeSeconds: Int
    /// Messages per ReceiveMessage, 1…10. Default: 10.
    package var maxMessages: Int
    /// Seconds a received message stays hidden from other receivers; a message the relay
    /// did not delete (crash, Kafka outage) is received again after it. Default: 60.
    package var visibilityTimeoutSeconds: Int
    /// How often the one-line summary is logged at info level. Default: 10 s.
    package var reportInterval: Duration
    /// Backoff between retries of failed receives, produces and deletes. Default: 100 ms
    /// doubling to 10 s, full jitter.
    package var retryBackoff = Backoff(base: .milliseconds(100), cap: .seconds(10))
    /// Port of `/metrics` and `/health`; 0 picks a free one, `nil` serves none. Default: 9102.
    package var metricsPort: Int?

    /// Every default.
    package init() {
        // The defaults of the settings cannot fail to read.
        self = try! RelayConfiguration(from: .defaults)
    }

    /// - Throws: `SettingsError` naming the first setting given in a form it does not accept.
    package init(from source: SettingsSource) throws(SettingsError) {
        relayID = try source.value(Self.relayIDSetting)
        pollers = try source.value(Self.pollersSetting)
        waitTimeSeconds = try source.value(Self.waitSecondsSetting)
        maxMessages = try source.value(Self.maxMessagesSetting)
        visibilityTimeoutSeconds = try source.value(Self.visibilityTimeoutSetting)
        reportInterval = try source.value(Self.reportIntervalSetting)
        metricsPort = try source.value(Self.metricsPortSetting)
    }

    // MARK: - Settings

    static let relayIDSetting = Setting<String>.text(
        "RELAY_ID", flag: "relay-id",
        default: "relay-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)",
        help: "Names this relay in dead letters and logs (relay-host-pid by default).")
    static let pollersSetting = Setting<Int>.integer(
        "RELAY_POLLERS", flag: "pollers", default: 4, in: 1 ... 256, help: "Concurrent long polls of the queue.")
    static let waitSecondsSetting = Setting<Int>.integer(
        "RELAY_WAIT_SECONDS", flag: "wait-seconds", default: 20, in: 0 ... SQSClient.maxWaitTimeSeconds,
        help: "Long-poll wait of each receive, in seconds.")
    static let maxMessagesSetting = Setting<Int>.integer(
        "RELAY_MAX_MESSAGES", flag: "max-messages", default: 10, in: 1 ... SQSClient.maxBatchSize,
        help: "Messages per receive.")
    static let visibilityTimeoutSetting = Setting<Int>.integer(
        "RELAY_VISIBILITY_TIMEOUT", flag: "visibility-timeout", default: 60, in: 1 ... 43_200,
        help: "Seconds a received message stays hidden; undeleted ones return after it.")
    static let reportIntervalSetting = Setting<Duration>.duration(
        "RELAY_REPORT_INTERVAL_SECONDS", flag: "report-interval", default: .seconds(10), unit: .seconds,
        in: 1 ... 86_400, help: "Seconds between info-level summary lines.")
    static let metricsPortSetting = Setting<Int?>.listenPort(
        "RELAY_METRICS_PORT", flag: "metrics-port", default: 9102, help: "Port of /metrics and /health; none to disable.")

    /// Every relay setting, in the order help lists them.
    package static let settings: [SettingDescription] = [
        relayIDSetting.description, pollersSetting.description, waitSecondsSetting.description,
        maxMessagesSetting.description, visibilityTimeoutSetting.description, reportIntervalSetting.description,
        metricsPortSetting.description,
    ]

    /// The delivery timeout to give the relay's producer: shorter than the visibility
    /// timeout, so that a send during a broker outage gives up before its messages
    /// reappear on the queue for another poller (5…30 s).
    package var producerDeliveryTimeout: Duration {
        .seconds(min(30, max(5, normalized.visibilityTimeoutSeconds - 5)))
    }

    /// The settings brought into the ranges SQS accepts.
    var normalized: RelayConfiguration {
        var copy = self
        copy.pollers = max(1, pollers)
        copy.waitTimeSeconds = min(max(waitTimeSeconds, 0), SQSClient.maxWaitTimeSeconds)
        copy.maxMessages = min(max(maxMessages, 1), SQSClient.maxBatchSize)
        copy.visibilityTimeoutSeconds = max(1, visibilityTimeoutSeconds)
        return copy
    }
}
