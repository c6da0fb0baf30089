import FleetMessaging
import FleetObservability
import FleetRuntime
import FleetSettings
import Kafka
import Logging
import ServiceLifecycle

/// The worker process: the AWS clients, the Kafka clients, the worker, and its
/// operations endpoint when a port is set, in the order they depend on each other.
///
/// - Throws: when a client cannot be created (a librdkafka configuration error).
public func buildWorker(stack: StackSettings, configuration: WorkerConfiguration, logger: Logger) throws -> ComponentProcess {
    let registry = configuration.metricsPort.map { _ in OperationsServer.bootstrapMetrics() }
    let aws = try AWSEnvironment(settings: stack)
    var consumerConfiguration = KafkaConsumerConfiguration(client: stack.kafkaClient, groupID: stack.consumerGroup)
    consumerConfiguration.client.clientID = configuration.workerID
    let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
    let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: stack.kafkaClient), logger: logger)
    let worker = InvoiceWorker(
        settings: stack, configuration: configuration, consumer: consumer, producer: producer,
        s3: aws.s3, dynamo: aws.dynamo, logger: logger
    )
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: aws)]
    if let port = configuration.metricsPort, let registry {
        services.append(.init(service: OperationsServer(port: port, registry: registry, logger: logger) {
            worker.healthProblem()
        }))
    }
    // The worker's end (after a graceful shutdown) ends the whole group.
    services.append(.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup))
    return ComponentProcess(services: services, logger: logger)
}
