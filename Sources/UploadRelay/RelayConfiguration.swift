import AWSClients
import FleetCore
import Foundation
import Retrying

/// The relay's settings. Each has a flag of `invoice-fleet relay` and an environment
/// variable (in brackets); defaults suit the local stack. The queue, topics and
/// endpoints come from `StackSettings`.
public struct RelayConfiguration: Sendable {
    /// Names this relay in dead letters (`worker.id`) and logs [RELAY_ID]. Default: `relay-host-pid`.
    public var relayID: String = "relay-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    /// Concurrent long polls of the queue [RELAY_POLLERS]. Default: 4.
    public var pollers: Int = 4
    /// Long-poll wait of each ReceiveMessage, 0…20 s [RELAY_WAIT_SECONDS]. Default: 20.
    public var waitTimeSeconds: Int = 20
    /// Messages per ReceiveMessage, 1…10 [RELAY_MAX_MESSAGES]. Default: 10.
    public var maxMessages: Int = 10
    /// Seconds a received message stays hidden from other receivers; a message the relay
    /// did not delete (crash, Kafka outage) is received again after it
    /// [RELAY_VISIBILITY_TIMEOUT]. Default: 60.
    public var visibilityTimeoutSeconds: Int = 60
    /// How often the one-line summary is logged at info level [RELAY_REPORT_INTERVAL_SECONDS].
    /// Default: 10 s.
    public var reportInterval: Duration = .seconds(10)
    /// Backoff between retries of failed receives, produces and deletes. Default: 100 ms
    /// doubling to 10 s, full jitter.
    public var retryBackoff = Backoff(base: .milliseconds(100), cap: .seconds(10))
    /// Port of `/metrics` and `/health`; 0 picks a free one, `nil` serves none
    /// [RELAY_METRICS_PORT, `none` to disable]. Default: 9102.
    public var metricsPort: Int? = 9102

    public init() {}

    /// Reads the environment over the defaults.
    public init(environment env: EnvironmentReader) {
        relayID = env.string("RELAY_ID", default: relayID)
        pollers = env.int("RELAY_POLLERS", default: pollers)
        waitTimeSeconds = env.int("RELAY_WAIT_SECONDS", default: waitTimeSeconds)
        maxMessages = env.int("RELAY_MAX_MESSAGES", default: maxMessages)
        visibilityTimeoutSeconds = env.int("RELAY_VISIBILITY_TIMEOUT", default: visibilityTimeoutSeconds)
        reportInterval = .seconds(env.int("RELAY_REPORT_INTERVAL_SECONDS", default: 10))
        if let raw = env.values["RELAY_METRICS_PORT"], !raw.isEmpty {
            metricsPort = raw == "none" ? nil : Int(raw) ?? metricsPort
        }
    }

    /// The delivery timeout to give the relay's producer: shorter than the visibility
    /// timeout, so that a send during a broker outage gives up before its messages
    /// reappear on the queue for another poller (5…30 s).
    public var producerDeliveryTimeout: Duration {
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
