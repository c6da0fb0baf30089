import ArgumentParser
import FleetCore
import FleetObservability
import Kafka
import Logging
import ServiceLifecycle
import UploadRelay

/// `invoice-fleet relay`: moves S3 notifications from the queue to `invoice-uploads`,
/// until SIGTERM or SIGINT.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Long-poll the uploads queue; produce each S3 event record to invoice-uploads; delete after the broker's ack."
    )

    @OptionGroup var stack: StackOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Relay id in dead letters and logs (env RELAY_ID).") var relayID: String?
    @Option(help: "Concurrent long polls (env RELAY_POLLERS, default 4).") var pollers: Int?
    @Option(help: "Long-poll wait, 0-20 s (env RELAY_WAIT_SECONDS, default 20).") var waitSeconds: Int?
    @Option(help: "Messages per receive, 1-10 (env RELAY_MAX_MESSAGES, default 10).") var maxMessages: Int?
    @Option(help: "Seconds a received message stays hidden; undeleted ones return after it (env RELAY_VISIBILITY_TIMEOUT, default 60).")
    var visibilityTimeout: Int?
    @Option(help: "Seconds between info-level summary lines (env RELAY_REPORT_INTERVAL_SECONDS, default 10).") var reportInterval: Int?
    @Option(help: "Port of /metrics and /health; 'none' to disable (env RELAY_METRICS_PORT, default 9102).") var metricsPort: String?

    func run() async throws {
        let settings = stack.settings
        var config = RelayConfiguration(environment: .process)
        if let relayID { config.relayID = relayID }
        if let pollers { config.pollers = pollers }
        if let waitSeconds { config.waitTimeSeconds = waitSeconds }
        if let maxMessages { config.maxMessages = maxMessages }
        if let visibilityTimeout { config.visibilityTimeoutSeconds = visibilityTimeout }
        if let reportInterval { config.reportInterval = .seconds(reportInterval) }
        if let metricsPort { config.metricsPort = metricsPort == "none" ? nil : Int(metricsPort) }

        let logger = logging.bootstrap(label: "relay", metadata: ["relay.id": .string(config.relayID)])
        let registry = OperationsServer.bootstrapMetrics()
        let aws = try AWSEnvironment(settings: settings)
        var producerConfig = KafkaProducerConfiguration(client: settings.kafkaClient)
        producerConfig.client.clientID = config.relayID
        producerConfig.deliveryTimeout = config.producerDeliveryTimeout
        let producer = try KafkaProducer(configuration: producerConfig, logger: logger)
        let relay = UploadRelay(settings: settings, configuration: config, sqs: aws.sqs, producer: producer, logger: logger)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let port = config.metricsPort {
            let tally = relay.tally
            services.append(.init(service: OperationsServer(port: port, registry: registry, logger: logger) { tally.problem }))
        }
        // The relay's end (after a graceful shutdown) ends the whole group.
        services.append(.init(service: relay, successTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        do {
            try await group.run()
        } catch {
            await aws.shutdown()
            throw error
        }
        await aws.shutdown()
    }
}
