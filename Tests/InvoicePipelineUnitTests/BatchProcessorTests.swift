import AWSClients
import FleetContracts
import FleetTestSupport
import Foundation
import InvoiceDomain
import InvoiceGenerator
@testable import InvoicePipeline
import Kafka
import Logging
import NIOCore
import Testing

/// The batch processor's outcome logic on fakes of S3 and DynamoDB: every message of a
/// batch ends in exactly one outcome, with the right code and class.
struct BatchProcessorTests {
    /// Objects by key; a key listed in `outages` fails transiently that many times first.
    actor FakeObjects: ObjectFetching {
        var files: [String: [UInt8]]
        var outages: [String: Int]
        private(set) var fetches: [String] = []

        init(files: [String: [UInt8]], outages: [String: Int] = [:]) {
            self.files = files
            self.outages = outages
        }

        func getObject(bucket: String, key: String, maxBytes: Int) async throws -> S3Object {
            fetches.append(key)
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

    static func event(_ key: String, offset: Int64) -> KafkaRecord {
        let value = S3EventRecord.objectCreatedJSON(bucket: "invoices", key: key, size: 1, eTag: "e")
        return KafkaRecord(topic: "invoice-uploads", partition: 0, offset: offset, key: Array("invoices/\(key)".utf8), value: value)
    }

    static func processor(
        objects: any ObjectFetching, sender: FakeBatchSender = FakeBatchSender(), budget: Int? = 3
    ) -> BatchProcessor {
        var configuration = WorkerConfiguration()
        configuration.workerID = "unit"
        configuration.transientRetryBudget = budget
        configuration.retryBackoff = .init(base: .milliseconds(1), cap: .milliseconds(2))
        var writerConfiguration = BatchWriter.Configuration()
        writerConfiguration.backoff = .init(base: .milliseconds(1), cap: .milliseconds(2))
        writerConfiguration.maxAttempts = 2
        let writer = BatchWriter(
            sender: sender, table: "Invoices", keyAttributes: [InvoiceTable.Attribute.partitionKey],
            configuration: writerConfiguration
        )
        return BatchProcessor(
            objects: objects, writer: writer, validator: InvoiceValidator(configuration: configuration.validatorConfiguration),
            configuration: configuration, metrics: WorkerMetrics(), logger: Logger(label: "unit") { _ in SwiftLogNoOpLogHandler() }
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
        let sender = FakeBatchSender()
        let objects = FakeObjects(files: ["a.json": file.body, "b.json": file.body])
        let outcome = try await Self.processor(objects: objects, sender: sender)
            .process([Self.event("a.json", offset: 0), Self.event("b.json", offset: 1)])
        #expect(outcome.stored.count == 2)
        #expect(outcome.deadLetters.isEmpty)
        #expect(await sender.requests.flatMap { $0 }.count == 1)
    }

    @Test func twoInvoicesClaimingOneAccessKeyAreBothConflictsAndNeitherIsWritten() async throws {
        let file = Self.files[0]
        let renamed = Self.renamedCustomer(file.body)
        #expect(renamed != file.body)
        let sender = FakeBatchSender()
        let objects = FakeObjects(files: ["a.json": file.body, "b.json": renamed])
        let outcome = try await Self.processor(objects: objects, sender: sender)
            .process([Self.event("a.json", offset: 0), Self.event("b.json", offset: 1)])
        #expect(outcome.stored.isEmpty)
        #expect(outcome.deadLetters.map(\.code) == [.accessKeyConflict, .accessKeyConflict])
        #expect(await sender.requests.isEmpty)
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
        let sender = FakeBatchSender { _, keys in keys.contains(rejected) ? .fail(.validation) : .ok }
        let objects = FakeObjects(files: Dictionary(uniqueKeysWithValues: files.map { ($0.key, $0.body) }))
        let events = files.enumerated().map { Self.event($0.element.key, offset: Int64($0.offset)) }
        let outcome = try await Self.processor(objects: objects, sender: sender).process(events)
        // Both items may travel in one request, which DynamoDB then refuses whole.
        #expect(outcome.deadLetters.contains { $0.originalOffset == 1 && $0.code == .writeRejected })
        #expect(outcome.deadLetters.allSatisfy { $0.stage == .write && $0.errorClass == .permanent })
        #expect(outcome.stored.count + outcome.deadLetters.count == 2)
    }

    @Test func throttlingBeyondTheBudgetIsATransientWriteDeadLetter() async throws {
        let file = Self.files[0]
        let sender = FakeBatchSender { _, _ in .fail(.throttled) }
        let outcome = try await Self.processor(objects: FakeObjects(files: [file.key: file.body]), sender: sender, budget: 2)
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
