import ArgumentParser
import AsyncHTTPClient
import AWSClients
import FleetCore
import FleetObservability
import InvoicePipeline
import Kafka
import Logging
import ServiceLifecycle

/// `invoice-fleet worker`: one member of the consumer group, until SIGTERM or SIGINT.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Consume invoice-uploads: fetch, validate and store invoices; publish results and dead letters."
    )

    @OptionGroup var stack: StackOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Worker id in dead letters and results (env WORKER_ID).") var workerID: String?
    @Option(help: "Most messages per batch (env WORKER_BATCH_SIZE, default 200).") var batchSize: Int?
    @Option(help: "Longest wait to fill a batch, ms (env WORKER_BATCH_WAIT_MS, default 250).") var batchWaitMs: Int?
    @Option(help: "S3 downloads in flight (env WORKER_FETCH_CONCURRENCY, default 32).") var fetchConcurrency: Int?
    @Option(help: "BatchWriteItem requests in flight (env WORKER_WRITE_CONCURRENCY, default 4).") var writeConcurrency: Int?
    @Option(help: "Largest invoice file in bytes (env INVOICE_MAX_BYTES, default 1048576).") var maxFileBytes: Int?
    @Option(help: "Transient-failure attempts before dead-lettering; 0 = retry for ever (env WORKER_TRANSIENT_RETRIES, default 0).") var transientRetries: Int?
    @Option(help: "Port of /metrics and /health; 'none' to disable (env WORKER_METRICS_PORT, default 9101).") var metricsPort: String?

    func run() async throws {
        let settings = stack.settings
        var config = WorkerConfiguration(environment: .process)
        if let workerID { config.workerID = workerID }
        if let batchSize { config.batchSize = batchSize }
        if let batchWaitMs { config.batchWait = .milliseconds(batchWaitMs) }
        if let fetchConcurrency { config.fetchConcurrency = fetchConcurrency }
        if let writeConcurrency { config.writeConcurrency = writeConcurrency }
        if let maxFileBytes { config.maxFileSize = maxFileBytes }
        if let transientRetries { config.transientRetryBudget = transientRetries > 0 ? transientRetries : nil }
        if let metricsPort { config.metricsPort = metricsPort == "none" ? nil : Int(metricsPort) }

        let logger = logging.bootstrap(label: "worker", metadata: ["worker.id": .string(config.workerID)])
        let registry = OperationsServer.bootstrapMetrics()
        let aws = try AWSEnvironment(settings: settings)

        var consumerConfig = KafkaConsumerConfiguration(client: settings.kafkaClient, groupID: settings.consumerGroup)
        consumerConfig.client.clientID = config.workerID
        let consumer = try KafkaConsumer(configuration: consumerConfig, logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings.kafkaClient), logger: logger)
        let worker = InvoiceWorker(
            settings: settings, configuration: config, consumer: consumer, producer: producer,
            s3: aws.s3, dynamo: aws.dynamo, logger: logger
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let port = config.metricsPort {
            services.append(.init(service: OperationsServer(port: port, registry: registry, logger: logger) {
                worker.healthProblem()
            }))
        }
        // The worker's end (after a graceful shutdown) ends the whole group.
        services.append(.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        defer { Task { await aws.shutdown() } }
        try await group.run()
    }
}
