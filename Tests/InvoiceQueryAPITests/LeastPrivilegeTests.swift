import AsyncHTTPClient
import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import FleetTestSupport
import PipelineTestSupport
import Foundation
import HummingbirdTesting
import InvoiceDomain
import InvoicePipeline
@testable import InvoiceQueryAPI
import Kafka
import Testing
import UploadRelay

/// Each component's IAM policy (`deploy/iam/*.json`), given to its own IAM user of a moto
/// that authenticates every request and enforces IAM (`AuthenticatingMoto`): what a
/// component does works with its keys, and what its policy does not grant is refused.
///
/// The local names are the ones the policies name (bucket `invoices`, queue
/// `invoice-uploads`, table `Invoices`): the moto is private to each test. Where moto cannot
/// scope an action to a resource, `ComponentPolicy.forMoto` says which and how the policy
/// is adapted; those resource scopes (DynamoDB table and index; the queue of
/// `GetQueueUrl`/`CreateQueue`) are the only parts not proven here.
@Suite(
    "Least privilege: each component's IAM policy, enforced by moto",
    .enabled("needs moto_server in FLEET_VENV (default /var/tmp/invoice-fleet-venv)") { AuthenticatingMoto.binary != nil },
    .serialized,
    .timeLimit(.minutes(5))
)
struct LeastPrivilegeTests {
    static let bucket = "invoices"
    static let queue = "invoice-uploads"
    static let table = "Invoices"

    @Test("the moto variants widen only the resource scopes moto cannot evaluate")
    func adaptedPolicies() throws {
        for component in ComponentPolicy.components {
            let original = try ComponentPolicy.statements(component)
            let data = Data(try ComponentPolicy.forMoto(component).utf8)
            guard let policy = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let adapted = policy["Statement"] as? [[String: Any]]
            else {
                Issue.record("\(component): the moto variant is not a policy document")
                continue
            }
            let originalActions = Set(original.flatMap(ComponentPolicy.actions(of:)))
            var expected = originalActions
            if originalActions.contains("sqs:DeleteMessage") { expected.insert("sqs:DeleteMessageBatch") }
            let adaptedActions = Set(adapted.flatMap(ComponentPolicy.actions(of:)))
            #expect(adaptedActions == expected, "\(component): no action added or lost")
            for statement in adapted where ComponentPolicy.resources(of: statement).contains("*") {
                let widened = ComponentPolicy.actions(of: statement)
                let onlyUnscopable = widened.allSatisfy { $0.hasPrefix("dynamodb:") || ComponentPolicy.queuelessSQSActions.contains($0) }
                #expect(onlyUnscopable, "\(component): only DynamoDB, GetQueueUrl and CreateQueue are evaluated on *: \(widened)")
            }
            for statement in adapted where !ComponentPolicy.resources(of: statement).contains("*") {
                let resources = ComponentPolicy.resources(of: statement)
                let arns = resources.allSatisfy { $0.hasPrefix("arn:aws:") }
                let asWritten = original.contains { ComponentPolicy.resources(of: $0) == resources }
                #expect(arns, "\(component): \(resources)")
                #expect(asWritten, "\(component): resource scopes are kept as written: \(resources)")
            }
        }
    }

    @Test("worker, api, relay and loadtest keys may do what their policies grant, and are refused the rest")
    func grantsAndRefusals() async throws {
        let moto = try await ComponentPolicy.startMoto()
        defer { moto.stop() }
        let admin = AWSClientSet(try ComponentPolicy.configuration(moto, user: nil))
        let (bucket, queue, table) = (Self.bucket, Self.queue, Self.table)
        let samples = try SampleInvoices.make(seed: 5, count: 2, busy: 2, small: 0)
        let stored = samples[0], unstored = samples[1]
        let objectKey = "2026/11/24/\(stored.accessKey).json"
        try await admin.s3.createBucket(bucket)
        try await admin.s3.putObject(bucket: bucket, key: objectKey, bytes: stored.body)
        let queueURL = try await admin.sqs.createQueue(name: queue)
        try await admin.sqs.sendMessage(queueURL: queueURL, body: "an S3 notification")
        try await admin.dynamo.createTable(InvoiceTable.definition(named: table))
        try await admin.dynamo.waitUntilActive(table, timeout: .seconds(30))

        // worker: s3:GetObject on invoices/*, s3:ListBucket on invoices, dynamodb:BatchGetItem and PutItem.
        let worker = AWSClientSet(try ComponentPolicy.configuration(moto, user: "worker"))
        #expect(try await worker.s3.getObject(bucket: bucket, key: objectKey, maxBytes: 1 << 20).size == stored.body.count)
        // s3:ListBucket is why a missing object answers 404, not 403.
        await #expect(throws: S3ObjectError.noSuchKey(bucket: bucket, key: "2026/11/24/missing.json")) {
            _ = try await worker.s3.getObject(bucket: bucket, key: "2026/11/24/missing.json", maxBytes: 1 << 20)
        }
        let store = DynamoIdentityStore(client: worker.dynamo, table: table)
        let condition = IdentityCondition.absentOrOlderVersion(bucket: bucket, key: objectKey, version: "v1")
        #expect(try await store.put(stored.item(), if: condition), "worker conditional PutItem")
        #expect(try await store.identities(of: [stored.accessKey]).found.map(\.accessKey) == [stored.accessKey], "worker BatchGetItem")
        await expectDenied("worker dynamodb:BatchWriteItem") {
            _ = try await worker.dynamo.batchWriteItem(table: table, requests: [.put(unstored.item())])
        }
        await expectDenied("worker s3:PutObject") { try await worker.s3.putObject(bucket: bucket, key: "forged.json", bytes: Array("{}".utf8)) }
        await expectDenied("worker s3:DeleteObject") { try await worker.s3.deleteObject(bucket: bucket, key: objectKey) }
        await expectDenied("worker s3:DeleteBucket") { try await worker.deleteBucket(bucket) }
        await expectDenied("worker dynamodb:GetItem") { _ = try await worker.dynamo.getItem(table: table, key: ["pk": .string(stored.accessKey)]) }
        await expectDenied("worker dynamodb:DeleteTable") { try await worker.dynamo.deleteTable(table) }
        await expectDenied("worker sqs:ReceiveMessage") { _ = try await worker.sqs.receiveMessages(queueURL: queueURL, waitTimeSeconds: 0) }
        // Refused means nothing happened.
        #expect(try await admin.s3.getObject(bucket: bucket, key: objectKey, maxBytes: 1 << 20).size == stored.body.count)

        // api: dynamodb:GetItem, dynamodb:Query (byCustomer), dynamodb:DescribeTable.
        let api = AWSClientSet(try ComponentPolicy.configuration(moto, user: "api"))
        #expect(try await api.dynamo.getItem(table: table, key: ["pk": .string(stored.accessKey)])?["pk"] == .string(stored.accessKey))
        let page = try await api.dynamo.query(DynamoQuery(
            table: table, indexName: "byCustomer", keyConditionExpression: "#c = :c",
            expressionAttributeNames: ["#c": "customerDocument"], expressionAttributeValues: [":c": .string(stored.customerDocument)]
        ))
        #expect(page.items.count == 1)
        #expect(try await api.dynamo.describeTable(table).isActive)
        let refused = await BatchWriter(sender: api.dynamo, table: table, keyAttributes: ["pk"]).write([unstored.item()])
        #expect(refused.writtenCount == 0)
        #expect(refused.failures.map { $0.error.code } == ["AccessDenied"])
        #expect(refused.failures.map { $0.error.statusCode } == [403])
        await expectDenied("api dynamodb:PutItem") { try await api.dynamo.putItem(table: table, item: unstored.item()) }
        await expectDenied("api dynamodb:DeleteItem") { try await api.dynamo.deleteItem(table: table, key: ["pk": .string(stored.accessKey)]) }
        await expectDenied("api dynamodb:Scan") { _ = try await api.dynamo.scan(table: table) }
        await expectDenied("api s3:GetObject") { _ = try await api.s3.getObject(bucket: bucket, key: objectKey, maxBytes: 1 << 20) }
        #expect(try await admin.dynamo.getItem(table: table, key: ["pk": .string(unstored.accessKey)]) == nil, "the refused writes wrote nothing")

        // relay: sqs:GetQueueUrl, sqs:ReceiveMessage, sqs:DeleteMessage (DeleteMessageBatch).
        let relay = AWSClientSet(try ComponentPolicy.configuration(moto, user: "relay"))
        #expect(try await relay.sqs.getQueueURL(name: queue) == queueURL)
        let messages = try await relay.sqs.receiveMessages(queueURL: queueURL, waitTimeSeconds: 1)
        #expect(messages.map(\.body) == ["an S3 notification"])
        let deleted = try await relay.sqs.deleteMessageBatch(
            queueURL: queueURL, entries: messages.enumerated().map { (id: "m\($0.offset)", receiptHandle: $0.element.receiptHandle) }
        )
        #expect(deleted.successful.count == messages.count)
        #expect(deleted.failed.isEmpty)
        await expectDenied("relay sqs:SendMessage") { try await relay.sqs.sendMessage(queueURL: queueURL, body: "forged") }
        await expectDenied("relay sqs:PurgeQueue") { try await relay.sqs.purgeQueue(queueURL: queueURL) }
        await expectDenied("relay sqs:SetQueueAttributes") {
            try await relay.sqs.setQueueAttributes(queueURL: queueURL, attributes: ["VisibilityTimeout": "0"])
        }
        await expectDenied("relay s3:GetObject") { _ = try await relay.s3.getObject(bucket: bucket, key: objectKey, maxBytes: 1 << 20) }
        await expectDenied("relay dynamodb:BatchWriteItem") {
            let report = await BatchWriter(sender: relay.dynamo, table: table, keyAttributes: ["pk"]).write([unstored.item()])
            if let failure = report.failures.first { throw failure.error }
        }

        // loadtest: s3:PutObject under invoices/loadtest/ only.
        let loadtest = AWSClientSet(try ComponentPolicy.configuration(moto, user: "loadtest"))
        try await loadtest.s3.putObject(bucket: bucket, key: "loadtest/run-1/\(stored.accessKey).json", bytes: stored.body)
        #expect(try await admin.s3.getObject(bucket: bucket, key: "loadtest/run-1/\(stored.accessKey).json", maxBytes: 1 << 20).size == stored.body.count)
        await expectDenied("loadtest s3:PutObject outside loadtest/") {
            try await loadtest.s3.putObject(bucket: bucket, key: "2026/11/24/forged.json", bytes: stored.body)
        }
        await expectDenied("loadtest s3:PutObject at a key merely starting with loadtest") {
            try await loadtest.s3.putObject(bucket: bucket, key: "loadtest-x/forged.json", bytes: stored.body)
        }
        await expectDenied("loadtest s3:GetObject of its own upload") {
            _ = try await loadtest.s3.getObject(bucket: bucket, key: "loadtest/run-1/\(stored.accessKey).json", maxBytes: 1 << 20)
        }
        await expectDenied("loadtest s3:DeleteObject") { try await loadtest.s3.deleteObject(bucket: bucket, key: objectKey) }
        await expectDenied("loadtest dynamodb:DescribeTable") { _ = try await loadtest.dynamo.describeTable(table) }
        await expectDenied("loadtest sqs:SendMessage") { try await loadtest.sqs.sendMessage(queueURL: queueURL, body: "forged") }
    }

    @Test(
        "setup, loadtest, relay, worker and API each run with their own keys: invoices flow end to end",
        .enabled(if: LocalStack.kafkaIsUp, "needs the Kafka broker of the local stack: run compose/stack up")
    )
    func fleetWithOwnKeys() async throws {
        let moto = try await ComponentPolicy.startMoto()
        defer { moto.stop() }
        let logger = LocalStack.logger("least-privilege")
        var settings = StackSettings()
        settings.awsEndpoint = moto.endpoint
        settings.awsRegion = "us-east-1"
        settings.kafkaBrokers = LocalStack.settings.kafkaBrokers
        let id = LocalStack.uniqueName("iam")
        settings.uploadsTopic = "\(id)-uploads"
        settings.processedTopic = "\(id)-processed"
        settings.deadLetterTopic = "\(id)-dlq"
        settings.consumerGroup = "\(id)-workers"
        #expect(settings.bucket == Self.bucket && settings.queue == Self.queue && settings.table == Self.table)

        // setup: bucket, queue, notification, table, with the setup policy.
        let setupAWS = try AWSEnvironment(settings: settings, environment: try ComponentPolicy.environment(moto, user: "setup"))
        do {
            try await AWSProvisioner(settings: settings).provision(setupAWS)
        } catch {
            await setupAWS.shutdown()
            throw error
        }
        await setupAWS.shutdown()
        try await TopicProvisioner(settings: settings, uploadsPartitions: 2).provision(logger: logger)
        let admin = try KafkaAdmin(configuration: settings.kafkaClient, logger: logger)
        for topic in [settings.uploadsTopic, settings.processedTopic, settings.deadLetterTopic] {
            for _ in 0 ..< 50 where (try? await admin.partitions(of: topic)) == nil {
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        // loadtest: uploads under loadtest/, with the loadtest policy; S3 notifies the queue.
        let samples = try SampleInvoices.make(seed: 9, count: 6, busy: 4, small: 0, plainKeysOnly: true)
        let uploader = S3Client(httpClient: .shared, configuration: try ComponentPolicy.configuration(moto, user: "loadtest"))
        for sample in samples {
            try await uploader.putObject(bucket: settings.bucket, key: "loadtest/\(id)/\(sample.key)", bytes: sample.body)
        }

        // relay: SQS → Kafka, with the relay policy.
        var relayConfiguration = RelayConfiguration()
        relayConfiguration.relayID = "relay-least-privilege"
        relayConfiguration.waitTimeSeconds = 1
        relayConfiguration.pollers = 1
        relayConfiguration.metricsPort = nil
        var producerConfiguration = KafkaProducerConfiguration(client: settings.kafkaClient)
        producerConfiguration.deliveryTimeout = relayConfiguration.producerDeliveryTimeout
        let relayProducer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let relay = UploadRelay(
            settings: settings, configuration: relayConfiguration,
            queue: SQSClient(httpClient: .shared, configuration: try ComponentPolicy.configuration(moto, user: "relay")),
            producer: relayProducer, logger: logger
        )
        var relayed = 0
        let relayDeadline = ContinuousClock.now + .seconds(60)
        do {
            while relayed < samples.count, ContinuousClock.now < relayDeadline {
                relayed += try await relay.relayCycle().relayed
            }
        } catch {
            await relayProducer.shutdown()
            throw error
        }
        await relayProducer.shutdown()
        #expect(relayed == samples.count, "the relay moved every notification with the relay's keys")

        // worker: Kafka → S3 → DynamoDB, with the worker policy.
        let workerAWS = try ComponentPolicy.configuration(moto, user: "worker")
        let worker = try PrivateStack.worker(
            id: "worker-least-privilege", settings: settings,
            s3: S3Client(httpClient: .shared, configuration: workerAWS),
            dynamo: DynamoDBClient(httpClient: .shared, configuration: workerAWS), logger: logger
        )
        let running = Task { try await worker.run() }
        let adminDynamo = DynamoDBClient(httpClient: .shared, configuration: try ComponentPolicy.configuration(moto, user: nil))
        let stored: [DynamoItem]
        do {
            stored = try await SeededStack.waitForItems(count: samples.count, table: settings.table, dynamo: adminDynamo, timeout: .seconds(90))
        } catch {
            running.cancel()
            _ = try? await running.value
            throw error
        }
        running.cancel()
        _ = try? await running.value
        #expect(Set(stored.compactMap { $0["pk"]?.stringValue }) == Set(samples.map(\.accessKey)), "the worker stored them with the worker's keys")

        // api: reads them, with the api policy.
        let apiDynamo = DynamoDBClient(httpClient: .shared, configuration: try ComponentPolicy.configuration(moto, user: "api"))
        let app = try APITest.application(repository: DynamoInvoiceRepository(dynamo: apiDynamo, table: settings.table))
        let newestFirst = samples.filter { $0.customerDocument == SampleInvoices.busyCustomer }
            .sorted { $0.storedIssueDate > $1.storedIssueDate }.map(\.accessKey)
        try await app.test(.router) { client in
            #expect(try await client.get("/health", key: nil).status == .ok)
            for sample in samples {
                let response = try await client.get("/invoices/\(sample.accessKey)")
                #expect(response.status == .ok, "\(sample.accessKey): \(response.text)")
            }
            let page = try await client.get("/customers/\(SampleInvoices.busyCustomer)/invoices").json(InvoicePageDocument.self)
            #expect(page.invoices.map(\.accessKey) == newestFirst)
        }
    }
}

/// Expects `operation` to be refused by IAM: `AWSError` `AccessDenied`, HTTP 403.
func expectDenied(
    _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ operation: () async throws -> Void
) async {
    do {
        try await operation()
        Issue.record("\(what) was allowed, but the policy does not grant it", sourceLocation: sourceLocation)
    } catch let error as AWSError {
        #expect(error.code == "AccessDenied", "\(what): \(error)", sourceLocation: sourceLocation)
        #expect(error.statusCode == 403, "\(what): \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(what) failed otherwise than AccessDenied: \(error)", sourceLocation: sourceLocation)
    }
}
