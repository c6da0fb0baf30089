import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import Foundation
import InvoiceGenerator
import Kafka
import Logging

/// The fleet's own throughput, without the relay and S3 notifications in the way: objects
/// are uploaded first, their events produced straight into a fresh uploads topic, and only
/// then are N worker processes started and timed until every invoice is accounted for.
package struct StagedThroughputBenchmark: Sendable {
    package var count: Int
    package var workers: Int
    package var brokenShare: Double
    package var partitions: Int
    /// The `invoice-fleet` executable the workers run.
    package var executable: String
    package var settings: StackSettings

    package init(count: Int, workers: Int, brokenShare: Double = 0.05, partitions: Int = 6, executable: String, settings: StackSettings) {
        self.count = count
        self.workers = workers
        self.brokenShare = brokenShare
        self.partitions = partitions
        self.executable = executable
        self.settings = settings
    }

    package struct Result: Sendable {
        package var invoices: Int
        package var stored: Int
        package var deadLettered: Int
        package var workers: Int
        package var stagingSeconds: Double
        package var processingSeconds: Double
        package var workerCPUSeconds: Double
        /// Time from the workers' start to each outcome, in milliseconds.
        package var completion: Percentiles
        /// From the workers' start (process start-up and group join included) to the first outcome.
        package var firstOutcomeSeconds: Double
        package var invoicesPerSecond: Double { Double(invoices) / processingSeconds }
        /// The rate once the workers run: first to last outcome.
        package var steadyInvoicesPerSecond: Double { Double(invoices) / max(processingSeconds - firstOutcomeSeconds, 0.001) }
        package var cpuMillisecondsPerInvoice: Double { workerCPUSeconds / Double(invoices) * 1000 }
    }

    package func run(logger: Logger, progress: @Sendable (String) -> Void) async throws -> Result {
        let run = "bench-\(UInt32.random(in: 0 ... .max))"
        var s = settings
        s.uploadsTopic = "\(run)-uploads"
        s.processedTopic = "\(run)-processed"
        s.deadLetterTopic = "\(run)-dlq"
        s.consumerGroup = "\(run)-workers"
        s.bucket = run
        s.table = "\(run)-Invoices"
        let (stagingSeconds, started, tally, cpu) = try await AWSEnvironment.with(settings: s) { aws in
            let stagingStart = ContinuousClock.now
            try await TopicProvisioner(settings: s, uploadsPartitions: partitions).provision(logger: logger)
            try await aws.s3.createBucket(s.bucket)
            _ = try await aws.dynamo.createTable(InvoiceTable.definition(named: s.table))
            try await aws.dynamo.waitUntilActive(s.table)
            let files = Array(InvoiceGenerator(seed: 5000, configuration: .init(now: Date(), brokenShare: brokenShare)).files(0 ..< count))
            try await upload(files, to: s, aws: aws, progress: progress)
            try await produceEvents(for: files, settings: s, logger: logger)
            let stagingSeconds = seconds(ContinuousClock.now - stagingStart)
            progress("staged \(count) objects and events in \(String(format: "%.1f", stagingSeconds)) s; starting \(workers) worker(s)")

            let started = Date()
            let processes = try (0 ..< workers).map { try startWorker(id: "\(run)-w\($0)", settings: s) }
            let tally = try await OutcomeTally.wait(for: count, settings: s, logger: logger, progress: progress)
            let cpu = processes.compactMap { CPUTime.ofProcess($0.processIdentifier) }.reduce(0, +)
            for process in processes { process.terminate() }
            for process in processes { process.waitUntilExit() }
            try? await aws.dynamo.deleteTable(s.table)
            return (stagingSeconds, started, tally, cpu)
        }

        let latencies = tally.outcomeTimes.map { $0.timeIntervalSince(started) * 1000 }
        return Result(
            invoices: count, stored: tally.stored, deadLettered: tally.deadLettered, workers: workers,
            stagingSeconds: stagingSeconds, processingSeconds: (latencies.max() ?? 0) / 1000,
            workerCPUSeconds: cpu, completion: Percentiles(latencies), firstOutcomeSeconds: (latencies.min() ?? 0) / 1000
        )
    }

    private func upload(_ files: [GeneratedFile], to s: StackSettings, aws: AWSEnvironment, progress: @Sendable (String) -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0, done = 0
            func add() {
                guard next < files.count else { return }
                let file = files[next]
                next += 1
                group.addTask { _ = try await aws.s3.putObject(bucket: s.bucket, key: file.key, bytes: file.body) }
            }
            for _ in 0 ..< 16 { add() }
            while try await group.next() != nil {
                done += 1
                if done % 1000 == 0 { progress("uploaded \(done)/\(files.count)") }
                add()
            }
        }
    }

    private func produceEvents(for files: [GeneratedFile], settings s: StackSettings, logger: Logger) async throws {
        let producer = try KafkaProducer(configuration: .init(client: s.kafkaClient), logger: logger)
        for chunk in stride(from: 0, to: files.count, by: 1000) {
            _ = try await producer.sendAll(files[chunk ..< min(chunk + 1000, files.count)].map { file in
                KafkaOutgoingMessage(
                    topic: s.uploadsTopic, key: "\(s.bucket)/\(FormDecoding.encode(file.key))",
                    value: S3EventRecord.objectCreatedJSON(bucket: s.bucket, key: file.key, size: file.body.count, eTag: "")
                )
            })
        }
        await producer.shutdown()
    }

    private func startWorker(id: String, settings s: StackSettings) throws -> Process {
        var env = ProcessInfo.processInfo.environment
        env.merge([
            "KAFKA_BROKERS": s.kafkaBrokers, "KAFKA_UPLOADS_TOPIC": s.uploadsTopic,
            "KAFKA_PROCESSED_TOPIC": s.processedTopic, "KAFKA_DLQ_TOPIC": s.deadLetterTopic,
            "KAFKA_CONSUMER_GROUP": s.consumerGroup, "INVOICE_BUCKET": s.bucket, "INVOICE_TABLE": s.table,
            "WORKER_ID": id, "WORKER_METRICS_PORT": "none", "LOG_LEVEL": "warning",
        ]) { _, new in new }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["worker"]
        process.environment = env
        try process.run()
        return process
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
