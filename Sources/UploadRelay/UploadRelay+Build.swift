import FleetMessaging
import FleetObservability
import FleetRuntime
import FleetSettings
import Kafka
import Logging
import ServiceLifecycle

/// The relay process: the AWS clients, the producer, the operations endpoint when a port
/// is set, and the relay, in the order they depend on each other (shut down in reverse).
///
/// - Throws: when the producer cannot be created (a librdkafka configuration error).
package func buildRelay(stack: StackSettings, configuration: RelayConfiguration, logger: Logger) throws -> ComponentProcess {
    let registry = configuration.metricsPort.map { _ in OperationsServer.bootstrapMetrics() }
    let aws = try AWSEnvironment(settings: stack, logger: logger)
    logger.info("AWS credentials from \(aws.configuration.credentials.sourceName)")
    var producerConfiguration = KafkaProducerConfiguration(client: stack.kafkaClient)
    producerConfiguration.client.clientID = configuration.relayID
    producerConfiguration.deliveryTimeout = configuration.producerDeliveryTimeout
    // Every send is awaited, so little is pending at shutdown: a short flush suffices,
    // and shutdown is not held up by a broker that is down.
    producerConfiguration.flushTimeout = .seconds(5)
    let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
    let relay = UploadRelay(settings: stack, configuration: configuration, queue: aws.sqs, producer: producer, logger: logger)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: aws), .init(service: producer)]
    if let port = configuration.metricsPort, let registry {
        let tally = relay.tally
        services.append(.init(service: OperationsServer(port: port, registry: registry, logger: logger) {
            await aws.credentialsProblem() ?? tally.problem
        }))
    }
    // The relay's end (after a graceful shutdown) ends the whole group.
    services.append(.init(service: relay, successTerminationBehavior: .gracefullyShutdownGroup))
    return ComponentProcess(services: services, logger: logger)
}
