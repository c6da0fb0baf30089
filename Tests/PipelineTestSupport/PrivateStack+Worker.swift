import AWSClients
import FleetRuntime
import FleetSettings
import FleetTestSupport
import InvoicePipeline
import Logging

extension PrivateStack {
    /// An in-process worker of this stack's consumer group with its Kafka clients, as
    /// `invoice-fleet worker` runs it but without a metrics port or signal handling.
    package func worker(id: String, batchSize: Int = 50) throws -> ComponentProcess {
        try Self.worker(id: id, settings: settings, s3: aws.s3, dynamo: aws.dynamo, logger: logger, batchSize: batchSize)
    }

    /// An in-process worker of `settings.consumerGroup` with the given AWS clients (for
    /// tests that give it credentials of its own). Run it, or put it in a group: its
    /// consumer leaves the group when it is shut down or cancelled.
    package static func worker(
        id: String, settings: StackSettings, s3: S3Client, dynamo: DynamoDBClient, logger: Logger, batchSize: Int = 50
    ) throws -> ComponentProcess {
        var config = WorkerConfiguration()
        config.workerID = id
        config.metricsPort = nil
        config.batchSize = batchSize
        let (worker, kafka) = try workerServices(stack: settings, configuration: config, s3: s3, dynamo: dynamo, logger: logger)
        return ComponentProcess(
            services: kafka + [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)],
            logger: logger, signals: []
        )
    }
}
