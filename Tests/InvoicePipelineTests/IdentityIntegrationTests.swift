import AWSClients
import FleetContracts
import FleetTestSupport
import Foundation
import InvoiceGenerator
import InvoicePipeline
import Kafka
import Testing

/// One identity per access key, on the local stack: DynamoDB's conditions as moto
/// evaluates them, two worker processes racing, overwrites and late replays.
@Suite(
    .enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"),
    .timeLimit(.minutes(5))
)
struct IdentityIntegrationTests {
    @Test func theConditionsHoldAsDynamoDBEvaluatesThem() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 1)
        let store = DynamoIdentityStore(client: fixture.aws.dynamo, table: fixture.settings.table)
        func item(_ object: String, _ hash: String, _ version: String) -> DynamoItem {
            [InvoiceTable.Attribute.partitionKey: .string("K"), InvoiceTable.Attribute.sourceBucket: .string("b"),
             InvoiceTable.Attribute.sourceKey: .string(object), InvoiceTable.Attribute.sourceETag: .string("e-\(hash)"),
             InvoiceTable.Attribute.contentHash: .string(hash), InvoiceTable.Attribute.sourceVersion: .string(version)]
        }
        func claim(_ object: String, _ version: String) -> IdentityCondition {
            .absentOrOlderVersion(bucket: "b", key: object, version: version)
        }
        #expect(try await store.put(item("a", "h2", "v2"), if: claim("a", "v2")), "an absent key is free")
        #expect(try await !store.put(item("b", "h9", "v9"), if: claim("b", "v9")), "another object's key is not")
        #expect(try await !store.put(item("a", "h1", "v1"), if: claim("a", "v1")), "an older version does not replace")
        #expect(try await !store.put(item("a", "h2", "v2"), if: claim("a", "v2")), "nor does the same version")
        #expect(try await store.put(item("a", "h3", "v3"), if: claim("a", "v3")), "a newer version does")
        #expect(try await !store.put(item("b", "h9", "v9"), if: .contentHash("h2")), "an overwrite of what is gone fails")
        #expect(try await store.put(item("b", "h9", "v9"), if: .contentHash("h3")), "an overwrite of what was seen succeeds")
        let read = try await store.identities(of: ["K", "absent"])
        #expect(read.found == [InvoiceIdentity(
            accessKey: "K", contentHash: "h9", source: InvoiceSource(bucket: "b", key: "b", eTag: "e-h9"), version: "v9")])
        #expect(read.unread.isEmpty)
        await fixture.aws.shutdown()
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: WorkerProcess.binary.path), "build invoice-fleet first"))
    func twoWorkerProcessesRacingOnOneAccessKeyStoreExactlyOne() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 2)
        let originals = fixture.files(count: 20, brokenShare: 0, seed: 31)
        var pairs: [(a: String, b: String, accessKey: String)] = []
        var uploads: [(key: String, body: [UInt8])] = []
        for (index, file) in originals.enumerated() {
            guard case let .stored(accessKey) = file.expected else { continue }
            let a = "race/\(index)-a.json", b = "race/\(index)-b.json"
            uploads.append((a, file.body))
            uploads.append((b, try Self.withCustomerName("Outra \(index)", file.body)))
            pairs.append((a, b, accessKey))
        }
        for upload in uploads {
            _ = try await fixture.aws.s3.putObject(bucket: fixture.settings.bucket, key: upload.key, bytes: upload.body)
        }
        let env = ["WORKER_BATCH_SIZE": "4"]
        let first = try WorkerProcess(id: "racer-a", settings: fixture.settings, extraEnvironment: env)
        let second = try WorkerProcess(id: "racer-b", settings: fixture.settings, extraEnvironment: env)
        // Both join before work arrives, so that each owns one partition.
        try await Task.sleep(for: .seconds(6))
        // Each pair's two objects on different partitions, so different workers get them.
        try await fixture.stack.produce(pairs.flatMap { pair in
            [pair.a, pair.b].enumerated().map { side, key in
                var message = fixture.stack.objectCreatedEvent(key: key)
                message.partition = Int32(side)
                return message
            }
        })

        let outcomes = try await Self.outcomes(of: uploads.map(\.key), fixture: fixture)
        first.kill(signal: SIGTERM)
        second.kill(signal: SIGTERM)
        _ = await first.waitForExit(timeout: .seconds(30))
        _ = await second.waitForExit(timeout: .seconds(30))

        let items = Dictionary(uniqueKeysWithValues: try await fixture.storedItems().compactMap { item in
            item[InvoiceTable.Attribute.partitionKey]?.stringValue.map { ($0, item) }
        })
        #expect(items.count == pairs.count, "one item per access key")
        for pair in pairs {
            let a = outcomes.byKey[pair.a], b = outcomes.byKey[pair.b]
            #expect(Set([a?.code, b?.code]) == Set(["stored", DeadLetterCode.accessKeyConflict.rawValue]), "\(pair.a): \(String(describing: a)), \(String(describing: b))")
            let winner = a?.code == "stored" ? pair.a : pair.b
            let loser = winner == pair.a ? b : a
            #expect(items[pair.accessKey]?[InvoiceTable.Attribute.sourceKey]?.stringValue == winner, "the item is the winner's")
            #expect(loser?.message.contains("s3://\(fixture.settings.bucket)/\(winner)") == true, "\(loser?.message ?? "")")
            let winnerName = winner == pair.a ? nil : "Outra"
            if let winnerName {
                #expect(items[pair.accessKey]?[InvoiceTable.Attribute.customerName]?.stringValue?.hasPrefix(winnerName) == true)
            }
        }
        #expect(outcomes.workers == ["racer-a", "racer-b"], "both processes took part: \(outcomes.workers)")
        await fixture.aws.shutdown()
    }

    @Test func anObjectOverwrittenThreeTimesQuicklyEndsWithItsLastVersion() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 1)
        let file = try #require(fixture.files(count: 1, brokenShare: 0, seed: 5).first)
        let key = "overwritten/invoice.json"
        let versions = [file.body] + (try ["Segunda", "Terceira"].map { try Self.withCustomerName($0, file.body) })
        var events: [KafkaOutgoingMessage] = []
        let start = Date()
        for (index, body) in versions.enumerated() {
            let eTag = try await fixture.aws.s3.putObject(bucket: fixture.settings.bucket, key: key, bytes: body)
            events.append(fixture.stack.objectCreatedEvent(key: key, eTag: eTag, eventTime: start.addingTimeInterval(Double(index) / 1000)))
        }
        try await fixture.stack.produce(events)
        let worker = try fixture.worker(id: "overwrites")
        let running = Task { try await worker.run() }
        let processed = try await fixture.read(fixture.settings.processedTopic, count: 1, timeout: .seconds(60), linger: .seconds(2))
        running.cancel()
        _ = try? await running.value

        let items = try await fixture.storedItems()
        #expect(items.count == 1)
        #expect(items.first?[InvoiceTable.Attribute.customerName]?.stringValue == "Terceira")
        let lastETag = try await fixture.aws.s3.getObject(bucket: fixture.settings.bucket, key: key, maxBytes: 1 << 20).eTag
        #expect(items.first?[InvoiceTable.Attribute.sourceETag]?.stringValue == lastETag)
        // The two replaced versions were skipped, not stored and not dead-lettered.
        #expect(processed.count == 1)
        #expect(try await fixture.read(fixture.settings.deadLetterTopic, count: 1, timeout: .seconds(1)).isEmpty)
        await fixture.aws.shutdown()
    }

    @Test func aReplayedOldDeadLetterOfAnOverwrittenObjectDoesNotBringBackTheOldVersion() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 1)
        let files = fixture.files(count: 2, brokenShare: 0, seed: 9)
        let key = "replayed/invoice.json"
        // Version 1 failed (say DynamoDB was down past the retry budget) and was dead-lettered;
        // the issuer then uploaded a corrected version 2, which was stored.
        let oldETag = try await fixture.aws.s3.putObject(
            bucket: fixture.settings.bucket, key: key, bytes: try Self.withCustomerName("Versão antiga", files[0].body))
        let oldEvent = fixture.stack.objectCreatedEvent(key: key, eTag: oldETag, eventTime: Date().addingTimeInterval(-60))
        let newETag = try await fixture.aws.s3.putObject(bucket: fixture.settings.bucket, key: key, bytes: files[0].body)
        try await fixture.stack.produce([fixture.stack.objectCreatedEvent(key: key, eTag: newETag)])
        let worker = try fixture.worker(id: "replays")
        let running = Task { try await worker.run() }
        _ = try await fixture.read(fixture.settings.processedTopic, count: 1, timeout: .seconds(60), linger: .zero)

        // The operator replays last night's dead letter: the event of version 1, as `dlq replay` sends it,
        // then one more upload, whose result shows the replay (before it on the partition) is done.
        var replay = oldEvent
        replay.headers = [KafkaHeader(ReplayHeader.replayOf, "\(fixture.settings.deadLetterTopic)/0/0"), KafkaHeader(ReplayHeader.attempts, "1")]
        _ = try await fixture.upload([files[1]])
        try await fixture.stack.produce([replay, fixture.stack.objectCreatedEvent(key: files[1].key)])
        let processed = try await fixture.read(fixture.settings.processedTopic, count: 2, timeout: .seconds(60), linger: .seconds(1))
        running.cancel()
        _ = try? await running.value

        #expect(processed.count == 2, "version 2 and the later upload; the replay stored nothing")
        let items = try await fixture.storedItems()
        let item = try #require(items.first { $0[InvoiceTable.Attribute.sourceKey]?.stringValue == key })
        #expect(item[InvoiceTable.Attribute.sourceETag]?.stringValue == newETag)
        #expect(item[InvoiceTable.Attribute.customerName]?.stringValue != "Versão antiga")
        #expect(try await fixture.read(fixture.settings.deadLetterTopic, count: 1, timeout: .seconds(1)).isEmpty)
        await fixture.aws.shutdown()
    }

    // MARK: - Helpers

    /// The invoice with another customer name: same access key, different content.
    static func withCustomerName(_ name: String, _ body: [UInt8]) throws -> [UInt8] {
        var document = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        var customer = try #require(document["customer"] as? [String: Any])
        customer["name"] = name
        document["customer"] = customer
        return Array(try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
    }

    struct Outcome { var code: String; var message: String }

    /// The first outcome of each key (result or dead letter), once every key has one.
    static func outcomes(of keys: [String], fixture: PipelineFixture, timeout: Duration = .seconds(120)) async throws -> (byKey: [String: Outcome], workers: Set<String>) {
        let deadline = ContinuousClock.now + timeout
        var byKey: [String: Outcome] = [:]
        var workers: Set<String> = []
        repeat {
            byKey = [:]
            workers = []
            for record in try await fixture.read(fixture.settings.processedTopic, count: .max, timeout: .milliseconds(500)) {
                guard let result = try? JSONDecoder().decode(ProcessedInvoice.self, from: Data(record.value)) else { continue }
                if byKey[result.key] == nil { byKey[result.key] = Outcome(code: "stored", message: "") }
                workers.insert(result.workerId)
            }
            for letter in try await fixture.read(fixture.settings.deadLetterTopic, count: .max, timeout: .milliseconds(500)).compactMap(DeadLetter.init(record:)) {
                if let key = S3Key(of: letter), byKey[key] == nil { byKey[key] = Outcome(code: letter.code.rawValue, message: letter.message) }
                workers.insert(letter.workerID)
            }
            if keys.allSatisfy({ byKey[$0] != nil }) { break }
            try await Task.sleep(for: .seconds(1))
        } while ContinuousClock.now < deadline
        return (byKey, workers)
    }
}
