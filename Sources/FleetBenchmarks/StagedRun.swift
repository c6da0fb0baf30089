import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import Foundation
import InvoiceGenerator
import Kafka
import Logging

/// A benchmark's private stack: fresh topics, consumer group, bucket and table, with
/// generated objects uploaded and their events produced straight into the uploads topic,
/// so that what is timed afterwards is the fleet alone (no relay, no S3 notifications).
struct StagedRun {
    /// The stack's settings with this run's own names.
    var settings: StackSettings
    var files: [GeneratedFile]

    /// This run's names over `stack`'s: `bench-<random>-…`.
    static func settings(_ stack: StackSettings) -> StackSettings {
        let run = "bench-\(UInt32.random(in: 0 ... .max))"
        var s = stack
        s.uploadsTopic = "\(run)-uploads"
        s.processedTopic = "\(run)-processed"
        s.deadLetterTopic = "\(run)-dlq"
        s.consumerGroup = "\(run)-workers"
        s.bucket = run
        s.table = "\(run)-Invoices"
        s.queue = "\(run)-queue"
        return s
    }

    /// Provisions the run's topics, bucket and table, uploads `count` invoices (seeded,
    /// `brokenShare` of them broken) and produces their events.
    static func stage(
        count: Int, brokenShare: Double, partitions: Int, settings s: StackSettings, aws: AWSEnvironment,
        logger: Logger, progress: @Sendable (String) -> Void
    ) async throws -> StagedRun {
        try await TopicProvisioner(settings: s, uploadsPartitions: partitions).provision(logger: logger)
        try await aws.s3.createBucket(s.bucket)
        _ = try await aws.dynamo.createTable(InvoiceTable.definition(named: s.table))
        try await aws.dynamo.waitUntilActive(s.table)
        let files = Array(InvoiceGenerator(seed: 5000, configuration: .init(now: Date(), brokenShare: brokenShare)).files(0 ..< count))
        try await upload(files, to: s, aws: aws, progress: progress)
        try await produceEvents(for: files, settings: s, logger: logger)
        return StagedRun(settings: s, files: files)
    }

    private static func upload(_ files: [GeneratedFile], to s: StackSettings, aws: AWSEnvironment, progress: @Sendable (String) -> Void) async throws {
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

    private static func produceEvents(for files: [GeneratedFile], settings s: StackSettings, logger: Logger) async throws {
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

    /// Starts `invoice-fleet <command>` on the run's settings, warnings-only logs.
    static func start(_ executable: String, _ command: String, settings s: StackSettings, environment extra: [String: String]) throws -> Process {
        var env = ProcessInfo.processInfo.environment
        env.merge([
            "KAFKA_BROKERS": s.kafkaBrokers, "KAFKA_UPLOADS_TOPIC": s.uploadsTopic,
            "KAFKA_PROCESSED_TOPIC": s.processedTopic, "KAFKA_DLQ_TOPIC": s.deadLetterTopic,
            "KAFKA_CONSUMER_GROUP": s.consumerGroup, "INVOICE_BUCKET": s.bucket, "INVOICE_TABLE": s.table,
            "INVOICE_QUEUE": s.queue, "LOG_LEVEL": "warning",
        ].merging(extra) { _, new in new }) { _, new in new }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [command]
        process.environment = env
        try process.run()
        return process
    }
}
