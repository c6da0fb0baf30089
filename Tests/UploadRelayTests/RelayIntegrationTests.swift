import AWSClients
import FleetContracts
import FleetTestSupport
import PipelineTestSupport
import Foundation
import InvoiceGenerator
import Kafka
import ServiceLifecycle
import Testing
import UploadRelay

@Suite(.enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"), .timeLimit(.minutes(3)))
struct RelayIntegrationTests {
    @Test func dropsTheTestEventAndSplitsAMultiRecordNotification() async throws {
        let fixture = try RelayFixture()
        try await fixture.provision()
        let records = ["a.json", "dir/b+c.json", "d%C3%A7.json"].map { SQSNotificationTests.record($0, bucket: fixture.settings.bucket) }
        try await fixture.send(#"{"Records":[\#(records.joined(separator: ","))]}"#)

        let relay = try fixture.relay()
        let outcome = try await fixture.drain(relay)
        #expect(outcome.testEvents >= 1, "configuring the notification queued an s3:TestEvent")
        #expect(outcome.relayed == 3)
        #expect(outcome.deadLettered == 0)

        let relayed = try await fixture.read(fixture.settings.uploadsTopic, count: 3)
        #expect(relayed.count == 3)
        #expect(Set(relayed.map(\.value)) == Set(records.map { Array($0.utf8) }), "each record unchanged")
        #expect(Set(relayed.compactMap(\.keyString)) == Set(["a.json", "dir/b+c.json", "d%C3%A7.json"].map { "\(fixture.settings.bucket)/\($0)" }))
        #expect(try await fixture.read(fixture.settings.deadLetterTopic, count: 0, timeout: .zero).isEmpty)
        #expect(try await fixture.queueDepth() == 0)
        await fixture.tearDown()
    }

    @Test func sendsPoisonMessagesToTheDeadLetterTopicAndDeletesThem() async throws {
        let fixture = try RelayFixture()
        try await fixture.provision()
        let bodies = ["not json", #"{"hello":"world"}"#]
        for body in bodies { try await fixture.send(body) }
        let badRecord = #"{"eventName":"ObjectCreated:Put"}"#
        try await fixture.send(#"{"Records":[\#(badRecord)]}"#)

        let outcome = try await fixture.drain(try fixture.relay(id: "relay-poison"))
        #expect(outcome.deadLettered == 3)
        #expect(outcome.relayed == 0)

        let letters = try await fixture.read(fixture.settings.deadLetterTopic, count: 3).compactMap(DeadLetter.init(record:))
        #expect(letters.count == 3)
        #expect(letters.allSatisfy { $0.stage == .relay && $0.errorClass == .permanent && $0.workerID == "relay-poison" })
        #expect(letters.allSatisfy { $0.originalTopic == fixture.settings.queue && $0.originalPartition == -1 && $0.originalOffset == -1 })
        for body in bodies {
            #expect(letters.contains { $0.value == Array(body.utf8) && $0.code.rawValue == "invalid_notification" }, "\(body)")
        }
        #expect(letters.contains { $0.value == Array(badRecord.utf8) && $0.code.rawValue == "invalid_event_record" })
        #expect(try await fixture.read(fixture.settings.uploadsTopic, count: 0, timeout: .zero).isEmpty)
        #expect(try await fixture.queueDepth() == 0, "dead-lettered messages leave the queue")
        await fixture.tearDown()
    }

    /// A relay killed between the broker's acknowledgement and the deletion loses
    /// nothing: the message returns, is relayed again, and the worker stores the invoice
    /// once however many events announce it.
    @Test func aRelayKilledBeforeDeletingLosesNothing() async throws {
        let fixture = try RelayFixture()
        try await fixture.provision(table: true)
        let generator = InvoiceGenerator(seed: 7, configuration: .init(now: Date(), brokenShare: 0))
        let file = generator.file(at: 0)
        guard case let .stored(accessKey) = file.expected else { Issue.record("file 0 is broken"); return }
        try await fixture.aws.s3.putObject(bucket: fixture.settings.bucket, key: file.key, bytes: file.body)

        // The first relay produces and is "killed" before deleting.
        let first = try fixture.relay(visibilityTimeout: 3, id: "relay-killed")
        var relayed = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while relayed == 0, ContinuousClock.now < deadline {
            relayed += try await first.relayCycle(deletingAfterAcknowledgement: false).relayed
        }
        #expect(relayed == 1)
        #expect(try await fixture.queueDepth() >= 1, "nothing was deleted")

        // A fresh relay receives it again once the visibility timeout has passed.
        let second = try fixture.relay(visibilityTimeout: 3, id: "relay-fresh")
        var again = 0
        while again == 0, ContinuousClock.now < deadline + .seconds(30) {
            again += try await second.relayCycle().relayed
        }
        #expect(again == 1)
        try await fixture.drain(second)
        #expect(try await fixture.queueDepth() == 0)

        let events = try await fixture.read(fixture.settings.uploadsTopic, count: 2)
        #expect(events.count == 2, "the event reached Kafka twice: once per relay")
        for event in events {
            // Keyed by the key as S3 sent it (moto encodes even "/"), which decodes to the upload's key.
            let record = try JSONDecoder().decode(S3EventRecord.self, from: Data(event.value))
            #expect(record.objectKey == file.key)
            #expect(event.keyString == record.messageKey)
        }

        let worker = try fixture.worker(id: "worker-once")
        let running = Task { try await worker.run() }
        let processed = try await fixture.read(fixture.settings.processedTopic, count: 2)
        running.cancel()
        _ = try? await running.value
        #expect(!processed.isEmpty)
        #expect(processed.allSatisfy { $0.keyString == accessKey })
        let items = try await fixture.aws.dynamo.scanAll(table: fixture.settings.table, consistentRead: true)
        #expect(items.count == 1, "stored exactly once")
        #expect(items.first?["pk"]?.stringValue == accessKey)
        await fixture.tearDown()
    }

    /// Graceful shutdown cuts the 20-second long polls short.
    @Test func stopsPromptlyOnGracefulShutdown() async throws {
        let fixture = try RelayFixture()
        try await fixture.provision()
        var config = RelayConfiguration()
        config.waitTimeSeconds = 20
        config.metricsPort = nil
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: fixture.settings.kafkaClient), logger: fixture.logger)
        let relay = UploadRelay(settings: fixture.settings, configuration: config, queue: fixture.aws.sqs, producer: producer, logger: fixture.logger)
        let group = ServiceGroup(configuration: .init(services: [relay], logger: fixture.logger))
        let running = Task { try await group.run() }
        // Let the pollers start their long polls (and drop the test event).
        let deadline = ContinuousClock.now + .seconds(20)
        while relay.tally.snapshot.testEvents == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(1))
        let start = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        // The long polls were 20 s: ending well before shows shutdown cut them short,
        // with room for a loaded machine (this is not a speed limit).
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(relay.tally.snapshot.testEvents == 1)
        await fixture.tearDown()
    }
}
