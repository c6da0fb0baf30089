import AWSClients
import FleetContracts
import FleetMessaging
import FleetSettings
import FleetTestSupport
import Foundation
import Kafka
import Logging
import Synchronization
import Testing
import UploadRelay

/// The relay's cycle on a fake queue and a fake producer: split, produce, delete only
/// what the broker acknowledged. No services needed.
struct RelayCycleTests {
    /// A queue holding `messages`; each receive hands out what is not yet deleted.
    final class FakeQueue: UploadQueue {
        private let state: Mutex<(messages: [SQSMessage], deleted: [String])>

        init(_ messages: [SQSMessage]) { state = Mutex((messages, [])) }

        var deleted: [String] { state.withLock { $0.deleted } }

        func getQueueURL(name: String) async throws -> String { "http://queue/\(name)" }

        func receiveMessages(queueURL: String, maxMessages: Int, waitTimeSeconds: Int, visibilityTimeout: Int?) async throws -> [SQSMessage] {
            state.withLock { state in Array(state.messages.filter { !state.deleted.contains($0.receiptHandle) }.prefix(maxMessages)) }
        }

        func deleteMessageBatch(queueURL: String, entries: [(id: String, receiptHandle: String)]) async throws -> SQSBatchResult {
            state.withLock { $0.deleted += entries.map(\.receiptHandle) }
            return SQSBatchResult(successful: entries.map(\.id))
        }
    }

    static func notification(_ keys: [String]) -> String {
        let records = keys.map { String(decoding: S3EventRecord.objectCreatedJSON(bucket: "invoices", key: $0, size: 1, eTag: "e"), as: UTF8.self) }
        return #"{"Records":["# + records.joined(separator: ",") + "]}"
    }

    static func relay(_ queue: FakeQueue, _ producer: FakeRecordSender, visibility: Int = 60) -> UploadRelay {
        var configuration = RelayConfiguration()
        configuration.relayID = "relay-unit"
        configuration.visibilityTimeoutSeconds = visibility
        configuration.retryBackoff = .init(base: .milliseconds(5), cap: .milliseconds(20))
        configuration.metricsPort = nil
        return UploadRelay(
            settings: StackSettings(), configuration: configuration, queue: queue, producer: producer,
            logger: Logger(label: "relay-unit") { _ in SwiftLogNoOpLogHandler() }
        )
    }

    @Test func aNotificationIsSplitIntoItsRecordsKeyedByObjectAndDeletedOnceAcknowledged() async throws {
        let queue = FakeQueue([
            SQSMessage(messageID: "m1", receiptHandle: "r1", body: Self.notification(["a.json", "folder/b c.json"])),
            SQSMessage(messageID: "m2", receiptHandle: "r2", body: #"{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"invoices"}"#),
        ])
        let producer = FakeRecordSender()
        let outcome = try await Self.relay(queue, producer).relayCycle()

        #expect(outcome.received == 2)
        #expect(outcome.relayed == 2)
        #expect(outcome.testEvents == 1)
        #expect(outcome.deleted == 2)
        #expect(queue.deleted.sorted() == ["r1", "r2"])
        let sent = producer.messages
        #expect(sent.allSatisfy { $0.topic == "invoice-uploads" })
        // Keys stay as S3 sent them, form-encoded: the workers decode them.
        #expect(sent.map { String(decoding: $0.key ?? [], as: UTF8.self) } == ["invoices/a.json", "invoices/folder/b+c.json"])
        let record = try JSONDecoder().decode(S3EventRecord.self, from: Data(sent[1].value))
        #expect(record.objectKey == "folder/b c.json")
    }

    @Test func aPoisonMessageIsDeadLetteredWithItsBodyAndDeleted() async throws {
        let queue = FakeQueue([SQSMessage(messageID: "m1", receiptHandle: "r1", body: "not a notification")])
        let producer = FakeRecordSender()
        let outcome = try await Self.relay(queue, producer).relayCycle()

        #expect(outcome.deadLettered == 1)
        #expect(queue.deleted == ["r1"])
        let letter = try #require(producer.messages.first)
        #expect(letter.topic == "invoices.dlq")
        #expect(letter.value == Array("not a notification".utf8))
        let headers = Dictionary(letter.headers.map { ($0.key, $0.stringValue) }) { first, _ in first }
        #expect(headers[DeadLetter.Header.code] == DeadLetterCode.invalidNotification.rawValue)
        #expect(headers[DeadLetter.Header.stage] == "relay")
        #expect(headers[DeadLetter.Header.workerID] == "relay-unit")
    }

    @Test func aFailedProduceIsRetriedAndTheMessageDeletedOnlyAfterTheAck() async throws {
        let queue = FakeQueue([SQSMessage(messageID: "m1", receiptHandle: "r1", body: Self.notification(["a.json", "b.json"]))])
        // b.json fails twice, then goes through.
        let producer = FakeRecordSender { message, attempt in
            String(decoding: message.key ?? [], as: UTF8.self).hasSuffix("b.json") && attempt <= 2
        }
        let outcome = try await Self.relay(queue, producer).relayCycle()

        #expect(outcome.relayed == 2)
        #expect(outcome.deleted == 1)
        #expect(queue.deleted == ["r1"])
        #expect(producer.messages.count == 4, "a.json once, b.json three times")
    }

    @Test func aMessageWhoseRecordsAreNeverAcknowledgedStaysInTheQueue() async throws {
        let queue = FakeQueue([
            SQSMessage(messageID: "m1", receiptHandle: "r1", body: Self.notification(["ok.json"])),
            SQSMessage(messageID: "m2", receiptHandle: "r2", body: Self.notification(["stuck.json", "ok2.json"])),
        ])
        let producer = FakeRecordSender { message, _ in String(decoding: message.key ?? [], as: UTF8.self).hasSuffix("stuck.json") }
        // A 3 s visibility timeout: the relay gives up a little before the message would reappear.
        let outcome = try await Self.relay(queue, producer, visibility: 3).relayCycle()

        #expect(outcome.deleted == 1)
        #expect(outcome.abandoned == 1)
        #expect(queue.deleted == ["r1"], "the message with an unacknowledged record is left to come back")
        #expect(producer.messages.filter { String(decoding: $0.key ?? [], as: UTF8.self).hasSuffix("stuck.json") }.count > 1)
    }
}
