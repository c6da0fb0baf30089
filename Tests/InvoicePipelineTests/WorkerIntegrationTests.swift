import AWSClients
import FleetContracts
import FleetTestSupport
import PipelineTestSupport
import Foundation
import InvoiceDomain
import InvoiceGenerator
import Kafka
import Testing

@Suite(.enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"), .timeLimit(.minutes(5)))
struct WorkerIntegrationTests {
    @Test func storesValidInvoicesAndDeadLettersEachInvalidOneWithItsCode() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision()
        let files = fixture.files(count: 120, brokenShare: 0.25)
        let eTags = try await fixture.upload(files)
        let missingKey = "never/uploaded.json"
        let notAnEvent = KafkaOutgoingMessage(topic: fixture.settings.uploadsTopic, key: "x", value: Array("not json".utf8))
        let deleteEvent = KafkaOutgoingMessage(
            topic: fixture.settings.uploadsTopic, key: "y",
            value: Array(#"{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}"#.utf8)
        )
        try await fixture.produceEvents(keys: files.map(\.key) + [missingKey], extra: [notAnEvent, deleteEvent])

        let worker = try fixture.worker(id: "worker-a")
        let running = Task { try await worker.run() }

        let valid = files.compactMap { file -> (GeneratedFile, String)? in
            if case let .stored(accessKey) = file.expected { return (file, accessKey) }
            return nil
        }
        let broken = files.compactMap { file -> (GeneratedFile, InvoiceErrorCode)? in
            if case let .deadLettered(code) = file.expected { return (file, code) }
            return nil
        }
        let processed = try await fixture.read(fixture.settings.processedTopic, count: valid.count)
        let dead = try await fixture.read(fixture.settings.deadLetterTopic, count: broken.count + 2)
        running.cancel()
        _ = try? await running.value

        // DynamoDB holds exactly the valid invoices.
        let items = try await fixture.storedItems()
        #expect(Set(items.compactMap { $0["pk"]?.stringValue }) == Set(valid.map(\.1)))
        #expect(items.count == valid.count)

        // With the right attributes, amounts as exact numbers, the source decoded.
        let (sampleFile, sampleKey) = try #require(valid.first)
        let item = try #require(items.first { $0["pk"]?.stringValue == sampleKey })
        let invoice = try InvoiceValidator().validate(sampleFile.body, now: Date()).get()
        #expect(item["totalAmount"] == .number(invoice.totalAmount.description))
        #expect(item["customerDocument"] == .string(invoice.customer.document))
        #expect(item["issuerCnpj"] == .string(invoice.issuer.cnpj))
        #expect(item["itemCount"] == .number(String(invoice.items.count)))
        #expect(item["sourceKey"] == .string(sampleFile.key))
        #expect(item["sourceETag"] == .string(eTags[sampleFile.key] ?? "?"))
        #expect(item["issueDate"]?.stringValue?.hasSuffix("Z") == true)
        #expect(item["schemaVersion"] == .number("1"))

        // One processed record per valid invoice, keyed by access key.
        #expect(processed.count == valid.count)
        let results = try processed.map { try JSONDecoder().decode(ProcessedInvoice.self, from: Data($0.value)) }
        #expect(Set(results.map(\.accessKey)) == Set(valid.map(\.1)))
        #expect(results.allSatisfy { $0.status == "stored" && $0.workerId == "worker-a" })
        #expect(processed.allSatisfy { $0.keyString == (try? JSONDecoder().decode(ProcessedInvoice.self, from: Data($0.value)))?.accessKey })

        // Every broken file dead-lettered once with its expected code, its value unchanged.
        let letters = dead.compactMap(DeadLetter.init(record:))
        #expect(letters.count == dead.count, "every DLQ record carries the contract headers")
        #expect(letters.count == broken.count + 2)
        for (file, code) in broken {
            let matching = letters.filter { S3Key(of: $0) == file.key }
            #expect(matching.count == 1, "one dead letter for \(file.key)")
            #expect(matching.first?.code.rawValue == code.rawValue, "\(file.key): expected \(code.rawValue), got \(matching.first?.code.rawValue ?? "none")")
            #expect(matching.first?.errorClass == .permanent)
            #expect(matching.first?.attempts == 1)
        }
        #expect(letters.contains { $0.code.rawValue == "object_not_found" && $0.stage == .fetch && S3Key(of: $0) == missingKey })
        #expect(letters.contains { $0.code.rawValue == "invalid_event" && $0.stage == .decodeEvent && $0.value == Array("not json".utf8) })
        #expect(letters.allSatisfy { $0.originalTopic == fixture.settings.uploadsTopic && $0.workerID == "worker-a" })
        await fixture.aws.shutdown()
    }

    @Test func sameAccessKeyTwiceInABatchIsOneWriteOrAConflict() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 1)
        let files = fixture.files(count: 3, brokenShare: 0)
        // The same invoice under a second name (one item), and a changed copy of another
        // after it in the batch (a conflict: the first claim keeps the key).
        let duplicate = (key: "copies/same.json", body: files[0].body)
        var changed = try #require(try JSONSerialization.jsonObject(with: Data(files[1].body)) as? [String: Any])
        changed["currency"] = "USD"
        let conflicting = (key: "copies/changed.json", body: Array(try JSONSerialization.data(withJSONObject: changed)))
        _ = try await fixture.upload(files)
        _ = try await fixture.aws.s3.putObject(bucket: fixture.settings.bucket, key: duplicate.key, bytes: duplicate.body)
        _ = try await fixture.aws.s3.putObject(bucket: fixture.settings.bucket, key: conflicting.key, bytes: conflicting.body)
        try await fixture.produceEvents(keys: files.map(\.key) + [duplicate.key, conflicting.key])

        let worker = try fixture.worker(id: "worker-dedupe")
        let running = Task { try await worker.run() }
        let processed = try await fixture.read(fixture.settings.processedTopic, count: 4)
        let dead = try await fixture.read(fixture.settings.deadLetterTopic, count: 1)
        running.cancel()
        _ = try? await running.value

        let items = try await fixture.storedItems()
        let keys = files.compactMap { file -> String? in if case let .stored(key) = file.expected { key } else { nil } }
        #expect(Set(items.compactMap { $0["pk"]?.stringValue }) == Set(keys))
        let second = try #require(items.first { $0["pk"]?.stringValue == keys[1] })
        #expect(second[InvoiceTable.Attribute.sourceKey]?.stringValue == files[1].key, "the first claim keeps the key")
        let first = try #require(items.first { $0["pk"]?.stringValue == keys[0] })
        #expect(first[InvoiceTable.Attribute.sourceKey]?.stringValue == files[0].key, "a duplicate leaves the item as it is")
        #expect(processed.count == 4, "the three files and the duplicate are reported stored")
        let letters = dead.compactMap(DeadLetter.init(record:))
        #expect(letters.map(\.code.rawValue) == ["access_key_conflict"])
        #expect(letters.first.flatMap(S3Key(of:)) == conflicting.key)
        await fixture.aws.shutdown()
    }
}

/// The decoded object key of a dead letter's S3 event, if it has one.
func S3Key(of letter: DeadLetter) -> String? {
    (try? JSONDecoder().decode(S3EventRecord.self, from: Data(letter.value)))?.objectKey
}
