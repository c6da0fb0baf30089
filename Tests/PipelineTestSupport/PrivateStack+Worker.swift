import AWSClients
import FleetMessaging
import FleetSettings
import FleetTestSupport
import InvoicePipeline
import Kafka
import Logging

extension PrivateStack {
    /// An in-process worker of this stack's consumer group, without a metrics port.
    public func worker(id: String, batchSize: Int = 50) throws -> InvoiceWorker {
        try Self.worker(id: id, settings: settings, s3: aws.s3, dynamo: aws.dynamo, logger: logger, batchSize: batchSize)
    }

    /// An in-process worker of `settings.consumerGroup` with the given AWS clients (for
    /// tests that give it credentials of its own), without a metrics port.
    public static func worker(
        id: String, settings: StackSettings, s3: S3Client, dynamo: DynamoDBClient, logger: Logger, batchSize: Int = 50
    ) throws -> InvoiceWorker {
        var config = WorkerConfiguration()
        config.workerID = id
        config.metricsPort = nil
        config.batchSize = batchSize
        let consumer = try KafkaConsumer(configuration: .init(client: settings.kafkaClient, groupID: settings.consumerGroup), logger: logger)
        let producer = try KafkaProducer(configuration: .init(client: settings.kafkaClient), logger: logger)
        return InvoiceWorker(settings: settings, configuration: config, consumer: consumer, producer: producer,
                             s3: s3, dynamo: dynamo, logger: logger)
    }
}
