import CCallgrind
import FleetRuntime
import FleetSettings
import Foundation
import InvoicePipeline
import Kafka
import Logging

/// One worker batch measured alone, in this process: the worker's own code (`InvoiceWorker`
/// with its real S3, DynamoDB and Kafka clients) on staged records already polled, from
/// processing to the commit. A first batch of the same size warms up connections and lazy
/// state unmeasured; the second is the one counted, by CPU time and, under valgrind, by
/// callgrind's instruction count (the region between `fleet_callgrind_zero` and the dump
/// named "staged batch", less the dump "idle": the process idle for as long).
package struct StagedBatchBenchmark: Sendable {
    package var batchSize: Int
    package var settings: StackSettings

    package init(batchSize: Int = 200, settings: StackSettings) {
        self.batchSize = batchSize
        self.settings = settings
    }

    package struct Result: Sendable {
        package var invoices: Int
        package var cpuSeconds: Double
        package var wallSeconds: Double
        package var microsecondsPerInvoice: Double { cpuSeconds / Double(invoices) * 1_000_000 }
    }

    package func run(logger: Logger, progress: @Sendable (String) -> Void) async throws -> Result {
        let s = StagedRun.settings(settings)
        var configuration = try WorkerConfiguration(from: SettingsSource(known: WorkerConfiguration.settings))
        configuration.batchSize = batchSize
        configuration.workerID = "\(s.consumerGroup)-0"
        return try await AWSEnvironment.with(settings: s) { aws in
            // One partition: a poll then returns the batch in staged order.
            _ = try await StagedRun.stage(
                count: 2 * batchSize, brokenShare: 0.05, partitions: 1, settings: s, aws: aws, logger: logger, progress: progress)
            let (worker, consumer, producer) = try Self.worker(settings: s, configuration: configuration, aws: aws, logger: logger)
            do {
                let result = try await Self.measure(worker, consumer: consumer, topic: s.uploadsTopic, batchSize: batchSize)
                await producer.shutdown()
                await consumer.close()
                try? await aws.dynamo.deleteTable(s.table)
                return result
            } catch {
                await producer.shutdown()
                await consumer.close()
                throw error
            }
        }
    }

    /// The warm-up batch, then the measured one.
    private static func measure(_ worker: InvoiceWorker, consumer: KafkaConsumer, topic: String, batchSize: Int) async throws -> Result {
        try consumer.subscribe(topics: [topic])
        let warmUp = try await poll(batchSize, from: consumer)
        _ = try await worker.processAndPublish(warmUp)
        try await consumer.commit(warmUp.nextOffsets)
        let batch = try await poll(batchSize, from: consumer)

        fleet_callgrind_zero()
        let cpuStart = CPUTime.ofSelf()
        let wallStart = ContinuousClock.now
        _ = try await worker.processAndPublish(batch)
        try await consumer.commit(batch.nextOffsets)
        let wall = ContinuousClock.now - wallStart
        let cpu = CPUTime.ofSelf() - cpuStart
        fleet_callgrind_dump("staged batch")
        // The Kafka clients' threads and the event loops also work while the process only
        // waits: the same time idle, counted alone, is taken off the batch's count.
        fleet_callgrind_zero()
        try await Task.sleep(for: wall)
        fleet_callgrind_dump("idle")
        return Result(
            invoices: batch.count, cpuSeconds: cpu, wallSeconds: wall.seconds)
    }

    private static func worker(
        settings s: StackSettings, configuration: WorkerConfiguration, aws: AWSEnvironment, logger: Logger
    ) throws -> (InvoiceWorker, KafkaConsumer, KafkaProducer) {
        let consumer = try KafkaConsumer(configuration: .init(client: s.kafkaClient, groupID: s.consumerGroup), logger: logger)
        let producer = try KafkaProducer(configuration: .init(client: s.kafkaClient), logger: logger)
        let worker = InvoiceWorker(
            settings: s, configuration: configuration, consumer: consumer, producer: producer,
            objects: aws.s3, table: DynamoIdentityStore(client: aws.dynamo, table: s.table), logger: logger)
        return (worker, consumer, producer)
    }

    /// Exactly `count` records, however many polls (and the group's join) that takes.
    private static func poll(_ count: Int, from consumer: KafkaConsumer) async throws -> [KafkaRecord] {
        var records: [KafkaRecord] = []
        let deadline = ContinuousClock.now + .seconds(120)
        while records.count < count {
            guard ContinuousClock.now < deadline else {
                throw BenchmarkError("only \(records.count) of \(count) staged records arrived in 120 s")
            }
            records += try await consumer.poll(maxMessages: count - records.count, timeout: .seconds(1))
        }
        return records
    }
}

/// A benchmark that could not measure what it set out to.
package struct BenchmarkError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
