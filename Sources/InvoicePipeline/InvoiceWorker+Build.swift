import AWSClients
import FleetMessaging
import FleetObservability
import FleetRuntime
import FleetSettings
import Kafka
import Logging
import ServiceLifecycle

/// The worker process: the AWS clients, the Kafka clients, the operations endpoint when a
/// port is set, and the worker, in the order they depend on each other (shut down in
/// reverse: the worker finishes its batch before the consumer leaves the group).
///
/// - Throws: when a Kafka client cannot be created (a librdkafka configuration error).
package func buildWorker(stack: StackSettings, configuration: WorkerConfiguration, logger: Logger) throws -> ComponentProcess {
    let registry = configuration.metricsPort.map { _ in OperationsServer.bootstrapMetrics() }
    let aws = try AWSEnvironment(settings: stack, logger: logger)
    logger.info("AWS credentials from \(aws.configuration.credentials.sourceName)")
    let (worker, kafka) = try workerServices(stack: stack, configuration: configuration, s3: aws.s3, dynamo: aws.dynamo, logger: logger)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: aws)] + kafka
    if let port = configuration.metricsPort, let registry {
        services.append(.init(service: OperationsServer(port: port, registry: registry, logger: logger) {
            // Without valid credentials nothing can be fetched or stored.
            await aws.credentialsProblem() ?? worker.healthProblem()
        }))
    }
    // The worker's end (after a graceful shutdown) ends the whole group.
    services.append(.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup))
    return ComponentProcess(services: services, logger: logger)
}

/// The worker and its Kafka clients (producer, then consumer) on the given AWS clients,
/// for `buildWorker` and for tests that give a worker clients of their own.
package func workerServices(
    stack: StackSettings, configuration: WorkerConfiguration, s3: S3Client, dynamo: DynamoDBClient, logger: Logger
) throws -> (worker: InvoiceWorker, kafka: [ServiceGroupConfiguration.ServiceConfiguration]) {
    var consumerConfiguration = KafkaConsumerConfiguration(client: stack.kafkaClient, groupID: stack.consumerGroup)
    consumerConfiguration.client.clientID = configuration.workerID
    if configuration.staticMembership { consumerConfiguration.groupInstanceID = configuration.workerID }
    let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
    let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: stack.kafkaClient), logger: logger)
    let worker = InvoiceWorker(
        settings: stack, configuration: configuration, consumer: consumer, producer: producer,
        objects: s3, table: DynamoIdentityStore(client: dynamo, table: stack.table), logger: logger
    )
    return (worker, [.init(service: producer), .init(service: consumer)])
}
