import AWSClients
import FleetContracts
import FleetTestSupport
import Foundation
import InvoiceDomain
import InvoiceGenerator
@testable import InvoicePipeline
import Kafka
import Logging
import Retrying
import NIOCore
import Testing

/// The batch processor's outcome logic on fakes of S3 and DynamoDB: every message of a
/// batch ends in exactly one outcome, with the right code and class.
struct BatchProcessorTests {
    /// Objects by key; a key listed in `outages` fails transiently that many times first.
    actor FakeObjects: ObjectFetching {
        var files: [String: [UInt8]]
        var outages: [String: Int]
        /// Keys overwritten since their events: `If-Match` fails.
        var replaced: Set<String>
        private(set) var fetches: [String] = []

        init(files: [String: [UInt8]], outages: [String: Int] = [:], replaced: Set<String> = []) {
            self.files = files
            self.outages = outages
            self.replaced = replaced
        }

        func getObject(bucket: String, key: String, ifMatch eTag: String?, maxBytes: Int) async throws -> S3Object {
            fetches.append(key)
            if let eTag, replaced.contains(key) { throw S3ObjectError.versionReplaced(bucket: bucket, key: key, eTag: eTag) }
            if let left = outages[key], left > 0 {
                outages[key] = left - 1
                throw AWSError(kind: .service, code: "SlowDown", message: "reduce your request rate", service: "S3", statusCode: 503)
            }
            guard let body = files[key] else { throw S3ObjectError.noSuchKey(bucket: bucket, key: key) }
            guard body.count <= maxBytes else { throw S3ObjectError.objectTooLarge(size: body.count, limit: maxBytes) }
            return S3Object(body: ByteBuffer(bytes: body), eTag: "\"e-\(key)\"", size: body.count)
        }
    }

    static let files = Array(InvoiceGenerator(seed: 11, configuration: .init(now: Date(), brokenShare: 0)).files(0 ..< 4))

    static func event(_ key: String, offset: Int64, headers: [KafkaHeader] = []) -> KafkaRecord {
        let value = S3EventRecord.objectCreatedJSON(bucket: "invoices", key: key, size: 1, eTag: "e")
        var record = KafkaRecord(topic: "invoice-uploads", partition: 0, offset: offset, key: Array("invoices/\(key)".utf8), value: value)
        record.headers = headers
        return record
    }

    static func processor(
        objects: any ObjectFetching, store: FakeIdentityStore = FakeIdentityStore(), budget: Int? = 3
    ) -> BatchProcessor {
        var configuration = WorkerConfiguration()
        configuration.workerID = "unit"
        configuration.transientRetryBudget = budget
        configuration.retryBackoff = .init(base: .milliseconds(1), cap: .milliseconds(2))
        let logger = Logger(label: "unit") { _ in SwiftLogNoOpLogHandler() }
        let writer = IdentityWriter(
            store: store, retryPolicy: RetryPolicy(budget: budget, backoff: configuration.retryBackoff), concurrency: 4, logger: logger)
        return BatchProcessor(
            objects: objects, writer: writer, validator: InvoiceValidator(configuration: configuration.validatorConfiguration),
            configuration: configuration, metrics: WorkerMetrics(), logger: logger
        )
    }

    @Test func everyMessageEndsInExactlyOneOutcome() async throws {
        let valid = Self.files[0]
        var broken = Array(String(decoding: Self.files[1].body, as: UTF8.self).utf8)
        broken.removeLast(5)  // no longer JSON
        let objects = FakeObjects(files: [valid.key: valid.body, "broken.json": broken])
        let delete = #"{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"invoices"},"object":{"key":"x"}}}"#
        let records = [
            Self.event(valid.key, offset: 0),
            Self.event("broken.json", offset: 1),
            Self.event("gone.json", offset: 2),
            KafkaRecord(topic: "invoice-uploads", partition: 0, offset: 3, key: nil, value: Array("not an event".utf8)),
            KafkaRecord(topic: "invoice-uploads", partition: 0, offset: 4, key: nil, value: Array(delete.utf8)),
        ]
        let outcome = try await Self.processor(objects: objects).process(records)

        #expect(outcome.stored.map(\.record.offset) == [0])
        #expect(outcome.stored.first?.processed.key == valid.key)
        #expect(outcome.ignored == 1)
        let codes = Dictionary(uniqueKeysWithValues: outcome.deadLetters.map { ($0.originalOffset, $0.code) })
        #expect(codes == [1: DeadLetterCode(.notJSON), 2: .objectNotFound, 3: .invalidEvent])
        #expect(outcome.deadLetters.allSatisfy { $0.errorClass == .permanent && $0.workerID == "unit" })
        #expect(outcome.stored.count + outcome.deadLetters.count + outcome.ignored == records.count)
    }

    @Test func theSameInvoiceTwiceIsOneWriteAndTwoResults() async throws {
        let file = Self.files[0]
        let store = FakeIdentityStore()
        let objects = FakeObjects(files: ["a.json": file.body, "b.json": file.body])
        let outcome = try await Self.processor(objects: objects, store: store)
            .process([Self.event("a.json", offset: 0), Self.event("b.json", offset: 1)])
        #expect(outcome.stored.count == 2)
        #expect(outcome.deadLetters.isEmpty)
        #expect(await store.puts == 1)
        #expect(await store.items.first?.value[InvoiceTable.Attribute.sourceKey]?.stringValue == "a.json")
    }

    @Test func aSecondObjectClaimingAStoredKeyWithOtherContentIsAConflictAndTheFirstStays() async throws {
        let file = Self.files[0]
        let renamed = Self.renamedCustomer(file.body)
        #expect(renamed != file.body)
        let store = FakeIdentityStore()
        let objects = FakeObjects(files: ["a.json": file.body, "b.json": renamed])
        // In one batch (the second copy goes in a second round) and across batches alike.
        let together = try await Self.processor(objects: objects, store: store)
            .process([Self.event("a.json", offset: 0), Self.event("b.json", offset: 1)])
        #expect(together.stored.map(\.record.offset) == [0])
        #expect(together.deadLetters.map(\.code) == [.accessKeyConflict])
        let letter = try #require(together.deadLetters.first)
        #expect(letter.stage == .write && letter.errorClass == .permanent)
        #expect(letter.message.contains("s3://invoices/a.json") && letter.message.contains("s3://invoices/b.json"))
        let later = try await Self.processor(objects: objects, store: store).process([Self.event("b.json", offset: 2)])
        #expect(later.deadLetters.map(\.code) == [.accessKeyConflict])
        #expect(await store.items.first?.value[InvoiceTable.Attribute.sourceKey]?.stringValue == "a.json")
        #expect(await store.puts == 1)
    }

    @Test func anOperatorsOverwriteReplacesTheConflictingInvoice() async throws {
        let file = Self.files[0]
        let store = FakeIdentityStore()
        let objects = FakeObjects(files: ["a.json": file.body, "b.json": Self.renamedCustomer(file.body)])
        _ = try await Self.processor(objects: objects, store: store).process([Self.event("a.json", offset: 0)])
        let approved = [KafkaHeader(ReplayHeader.overwriteConflict, "true")]
        let outcome = try await Self.processor(objects: objects, store: store)
            .process([Self.event("b.json", offset: 1, headers: approved)])
        #expect(outcome.stored.map(\.processed.key) == ["b.json"])
        let item = try #require(await store.items.first?.value)
        #expect(item[InvoiceTable.Attribute.sourceKey]?.stringValue == "b.json")
        #expect(item[InvoiceTable.Attribute.replacedSourceKey]?.stringValue == "a.json", "the item names the invoice it replaced")
    }

    @Test func anEventWhoseVersionWasOverwrittenIsSupersededNotStored() async throws {
        let file = Self.files[0]
        let store = FakeIdentityStore()
        let objects = FakeObjects(files: [file.key: file.body], replaced: [file.key])
        let outcome = try await Self.processor(objects: objects, store: store).process([Self.event(file.key, offset: 0)])
        #expect(outcome.superseded.map(\.object) == ["s3://invoices/\(file.key)"])
        #expect(outcome.stored.isEmpty && outcome.deadLetters.isEmpty)
        #expect(await store.puts == 0)
    }

    @Test func aTransientS3OutageWithinTheBudgetIsRetriedAndStored() async throws {
        let file = Self.files[0]
        let objects = FakeObjects(files: [file.key: file.body], outages: [file.key: 2])
        let outcome = try await Self.processor(objects: objects, budget: 3).process([Self.event(file.key, offset: 0)])
        #expect(outcome.stored.count == 1)
        #expect(await objects.fetches.count == 3)
    }

    @Test func anS3OutageBeyondTheBudgetIsATransientDeadLetter() async throws {
        let file = Self.files[0]
        let objects = FakeObjects(files: [file.key: file.body], outages: [file.key: 10])
        let outcome = try await Self.processor(objects: objects, budget: 2).process([Self.event(file.key, offset: 0)])
        #expect(outcome.stored.isEmpty)
        #expect(outcome.deadLetters.map(\.code) == [.s3Unavailable])
        #expect(outcome.deadLetters.first?.errorClass == .transient)
        #expect(outcome.deadLetters.first?.stage == .fetch)
    }

    @Test func anItemDynamoDBRejectsIsAPermanentWriteDeadLetter() async throws {
        let files = Array(Self.files[0 ..< 2])
        let rejected = try #require(Self.accessKey(files[1]))
        let store = FakeIdentityStore { _, key in key == rejected ? .validation : nil }
        let objects = FakeObjects(files: Dictionary(uniqueKeysWithValues: files.map { ($0.key, $0.body) }))
        let events = files.enumerated().map { Self.event($0.element.key, offset: Int64($0.offset)) }
        let outcome = try await Self.processor(objects: objects, store: store).process(events)
        #expect(outcome.deadLetters.map(\.originalOffset) == [1])
        #expect(outcome.deadLetters.allSatisfy { $0.code == .writeRejected && $0.stage == .write && $0.errorClass == .permanent })
        #expect(outcome.stored.map(\.record.offset) == [0])
    }

    @Test func throttlingBeyondTheBudgetIsATransientWriteDeadLetter() async throws {
        let file = Self.files[0]
        let store = FakeIdentityStore { _, _ in .throttled }
        let outcome = try await Self.processor(objects: FakeObjects(files: [file.key: file.body]), store: store, budget: 2)
            .process([Self.event(file.key, offset: 0)])
        #expect(outcome.stored.isEmpty)
        #expect(outcome.deadLetters.map(\.code) == [.dynamoDBUnavailable])
        #expect(outcome.deadLetters.first?.errorClass == .transient)
    }

    // MARK: - Helpers

    static func accessKey(_ file: GeneratedFile) -> String? {
        if case let .stored(accessKey) = file.expected { return accessKey }
        return nil
    }

    /// The same invoice with another customer name: same access key, different content.
    static func renamedCustomer(_ body: [UInt8]) -> [UInt8] {
        let text = String(decoding: body, as: UTF8.self)
        guard let range = text.range(of: #""customer":"#),
              let name = text.range(of: #""name":""#, range: range.upperBound ..< text.endIndex)
        else { return body }
        var changed = text
        changed.insert(contentsOf: "Outra ", at: name.upperBound)
        return Array(changed.utf8)
    }
}
