import AsyncHTTPClient
import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import FleetTestSupport
import PipelineTestSupport
import Foundation
import InvoicePipeline
import InvoiceQueryAPI
import Kafka
import Logging

/// A private corner of the local stack (its own topics, bucket, table and consumer group)
/// holding invoices that a real `InvoiceWorker` stored: uploaded to S3, their events
/// produced into the uploads topic, fetched, validated and written by the worker.
///
/// Seeding takes a worker run, so it happens once per test run (`shared()`), however many
/// tests ask for it at once.
struct SeededStack: Sendable {
    let settings: StackSettings
    let aws: AWSClientConfiguration
    /// Every invoice the worker stored.
    let invoices: [SampleInvoice]

    /// How many invoices `busyCustomer` has: more than a page, each issued in its own second.
    static let busyCount = 25
    static let smallCount = 3
    static let totalCount = 40

    /// The stack, seeded on first use.
    static func shared() async throws -> SeededStack {
        try await SeedOnce.shared.stack()
    }

    var dynamo: DynamoDBClient { DynamoDBClient(httpClient: .shared, configuration: aws) }

    /// The API's store over this stack's table.
    var repository: DynamoInvoiceRepository { DynamoInvoiceRepository(dynamo: dynamo, table: settings.table) }

    /// The invoices of `customer`, newest issue date first (the order the API promises).
    func invoices(of customer: String) -> [SampleInvoice] {
        invoices.filter { $0.customerDocument == customer }.sorted { $0.storedIssueDate > $1.storedIssueDate }
    }

    /// AWS client settings for the local stack: the environment's credentials, or moto's
    /// `testing`/`testing` when none are set.
    static func awsConfiguration(_ settings: StackSettings) -> AWSClientConfiguration {
        let fallback = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")
        return AWSClientConfiguration(
            region: settings.awsRegion, credentials: AWSCredentials.fromEnvironmentVariables(ProcessInfo.processInfo.environment) ?? fallback,
            endpoint: settings.awsEndpoint.flatMap { URL(string: $0) }, requestTimeout: .seconds(20)
        )
    }

    // MARK: - Seeding

    struct SeedingError: Error, CustomStringConvertible {
        var description: String
    }

    static func seed() async throws -> SeededStack {
        var settings = LocalStack.settings
        let id = LocalStack.uniqueName("api")
        settings.uploadsTopic = "\(id)-uploads"
        settings.processedTopic = "\(id)-processed"
        settings.deadLetterTopic = "\(id)-dlq"
        settings.consumerGroup = "\(id)-workers"
        settings.bucket = "\(id)-bucket"
        settings.table = "\(id)-Invoices"
        let aws = awsConfiguration(settings)
        let logger = LocalStack.logger("query-api-seed")
        let s3 = S3Client(httpClient: .shared, configuration: aws)
        let dynamo = DynamoDBClient(httpClient: .shared, configuration: aws)

        let admin = try KafkaAdmin(configuration: settings.kafkaClient, logger: logger)
        _ = try await admin.createTopics([
            .init(name: settings.uploadsTopic, partitions: 3),
            .init(name: settings.processedTopic, partitions: 3),
            .init(name: settings.deadLetterTopic, partitions: 1),
        ])
        for topic in [settings.uploadsTopic, settings.processedTopic, settings.deadLetterTopic] {
            for _ in 0 ..< 50 where (try? await admin.partitions(of: topic)) == nil {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try await s3.createBucket(settings.bucket)
        _ = try await dynamo.createTable(InvoiceTable.definition(named: settings.table))
        try await dynamo.waitUntilActive(settings.table)

        let invoices = try SampleInvoices.make(seed: 2026_11_24, count: totalCount, busy: busyCount, small: smallCount)
        for invoice in invoices {
            try await s3.putObject(bucket: settings.bucket, key: invoice.key, bytes: invoice.body)
        }
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings.kafkaClient), logger: logger)
        let events = invoices.map { invoice in
            KafkaOutgoingMessage(
                topic: settings.uploadsTopic, key: "\(settings.bucket)/\(FormDecoding.encode(invoice.key))",
                value: S3EventRecord.objectCreatedJSON(bucket: settings.bucket, key: invoice.key, size: invoice.body.count, eTag: "")
            )
        }
        do {
            _ = try await producer.sendAll(events)
        } catch {
            await producer.shutdown()
            throw error
        }
        await producer.shutdown()

        let worker = try PrivateStack.worker(id: "query-api-seed", settings: settings, s3: s3, dynamo: dynamo, logger: logger)
        let running = Task { try await worker.run() }
        let stored: [DynamoItem]
        do {
            stored = try await waitForItems(count: invoices.count, table: settings.table, dynamo: dynamo, timeout: .seconds(120))
        } catch {
            running.cancel()
            _ = try? await running.value
            throw error
        }
        running.cancel()
        _ = try? await running.value

        let storedKeys = Set(stored.compactMap { $0["pk"]?.stringValue })
        guard storedKeys == Set(invoices.map(\.accessKey)) else {
            throw SeedingError(description: "the worker stored \(storedKeys.count) of \(invoices.count) invoices in \(settings.table)")
        }
        return SeededStack(settings: settings, aws: aws, invoices: invoices)
    }

    /// Scans `table` (strongly consistent) until it holds `count` items or `timeout` passes.
    static func waitForItems(count: Int, table: String, dynamo: DynamoDBClient, timeout: Duration) async throws -> [DynamoItem] {
        let deadline = ContinuousClock.now + timeout
        var items: [DynamoItem] = []
        while ContinuousClock.now < deadline {
            items = try await dynamo.scanAll(table: table, consistentRead: true)
            if items.count >= count { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        return items
    }
}

/// Runs `SeededStack.seed()` once; every caller gets its result (or its error).
actor SeedOnce {
    static let shared = SeedOnce()
    private var seeding: Task<SeededStack, any Error>?

    func stack() async throws -> SeededStack {
        if let seeding { return try await seeding.value }
        let task = Task { try await SeededStack.seed() }
        seeding = task
        return try await task.value
    }
}
