import AWSClients
import FleetContracts
import FleetSettings
import FleetTestSupport
import Foundation
@testable import InvoicePipeline
import Kafka
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// The worker loop on fakes: offsets are committed only once the batch's outcomes are
/// acknowledged, and a batch whose outcomes cannot be published is never committed.
struct InvoiceWorkerTests {
    /// What happened, in order, across the fakes.
    final class EventLog: Sendable {
        private let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// Hands out one batch, then nothing; records commits in the shared event log.
    /// The first `failingCommits` commits fail as a restarting broker's would.
    final class FakeConsumer: UploadConsumer {
        private let batch: Mutex<[KafkaRecord]?>
        private let events: EventLog?
        private let commits = Mutex<(attempts: Int, succeeded: [[KafkaTopicPartitionOffset]])>((0, []))
        private let failingCommits: Int

        init(_ records: [KafkaRecord], events: EventLog? = nil, failingCommits: Int = 0) {
            batch = Mutex(records)
            self.events = events
            self.failingCommits = failingCommits
        }

        var committed: [[KafkaTopicPartitionOffset]] { commits.withLock { $0.succeeded } }
        var commitAttempts: Int { commits.withLock { $0.attempts } }

        func subscribe(topics: [String]) throws(KafkaError) {}

        var assignment: Set<KafkaTopicPartition> { [KafkaTopicPartition(topic: "invoice-uploads", partition: 0)] }

        func poll(maxMessages: Int, timeout: Duration) async throws(KafkaError) -> [KafkaRecord] {
            if let records = batch.withLock({ batch in defer { batch = nil }; return batch }) { return records }
            try? await Task.sleep(for: .milliseconds(10))
            return []
        }

        func commit(_ offsets: [KafkaTopicPartitionOffset]) async throws(KafkaError) -> [KafkaTopicPartitionOffset] {
            let failed = commits.withLock { commits in
                commits.attempts += 1
                if commits.attempts <= failingCommits { return true }
                commits.succeeded.append(offsets)
                return false
            }
            if failed { throw KafkaError(code: .coordinatorNotAvailable, message: "commit: broker restarting") }
            events?.add("commit")
            return offsets
        }
    }

    static func worker(
        consumer: FakeConsumer, producer: FakeRecordSender, objects: any ObjectFetching, stallLimit: Duration = .seconds(120)
    ) -> InvoiceWorker {
        var configuration = WorkerConfiguration()
        configuration.workerID = "unit"
        configuration.stallLimit = stallLimit
        configuration.retryBackoff = .init(base: .milliseconds(1), cap: .milliseconds(5))
        configuration.commitRetryPause = .milliseconds(20)
        return InvoiceWorker(
            settings: StackSettings(), configuration: configuration, consumer: consumer, producer: producer,
            objects: objects, table: FakeIdentityStore(), logger: Logger(label: "unit") { _ in SwiftLogNoOpLogHandler() }
        )
    }

    /// Runs the worker until `done` holds (or 120 s pass: on a loaded machine the test
    /// runner's two threads may be busy with CPU-bound suites for a while), then shuts it
    /// down gracefully.
    static func run(_ worker: InvoiceWorker, until done: @escaping @Sendable () -> Bool) async throws {
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await worker.run() }
                let deadline = ContinuousClock.now + .seconds(120)
                while !done(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test func theBatchIsCommittedOnceAfterEveryOutcomeIsAcknowledged() async throws {
        let valid = BatchProcessorTests.files[0]
        let records = [BatchProcessorTests.event(valid.key, offset: 0), BatchProcessorTests.event("gone.json", offset: 1)]
        let events = EventLog()
        let consumer = FakeConsumer(records, events: events)
        // The first publish attempt fails: the commit must wait for the retry.
        let producer = FakeRecordSender(fails: { _, attempt in attempt == 1 }, onSend: { _ in events.add("send") })
        let worker = Self.worker(consumer: consumer, producer: producer, objects: BatchProcessorTests.FakeObjects(files: [valid.key: valid.body]))
        try await Self.run(worker) { !consumer.committed.isEmpty }

        #expect(consumer.committed == [[KafkaTopicPartitionOffset(topic: "invoice-uploads", partition: 0, offset: 2)]])
        #expect(events.all == ["send", "send", "commit"])
        let topics = Set(producer.messages.map(\.topic))
        #expect(topics == ["invoices.processed", "invoices.dlq"])
    }

    @Test func aFailedCommitIsRetriedWithoutWaitingForANewBatch() async throws {
        let valid = BatchProcessorTests.files[0]
        // The broker refuses the batch's commit and the next two retries; no record follows.
        let consumer = FakeConsumer([BatchProcessorTests.event(valid.key, offset: 7)], failingCommits: 3)
        let worker = Self.worker(consumer: consumer, producer: FakeRecordSender(), objects: BatchProcessorTests.FakeObjects(files: [valid.key: valid.body]))
        try await Self.run(worker) { !consumer.committed.isEmpty }

        #expect(consumer.committed == [[KafkaTopicPartitionOffset(topic: "invoice-uploads", partition: 0, offset: 8)]])
        #expect(consumer.commitAttempts == 4)
    }

    @Test func aBatchWhoseOutcomesCannotBePublishedIsNeverCommitted() async throws {
        let valid = BatchProcessorTests.files[0]
        let consumer = FakeConsumer([BatchProcessorTests.event(valid.key, offset: 0)])
        let producer = FakeRecordSender(fails: { _, _ in true })
        let worker = Self.worker(consumer: consumer, producer: producer, objects: BatchProcessorTests.FakeObjects(files: [valid.key: valid.body]))
        // A broker that never acknowledges: retried until shutdown, which abandons the batch.
        try await Self.run(worker) { producer.messages.count >= 3 }

        #expect(consumer.committed.isEmpty)
    }

    @Test func healthTurnsUnhealthyWhilePublishingFailsLongerThanTheStallLimitAndRecoversAfter() async throws {
        let valid = BatchProcessorTests.files[0]
        let consumer = FakeConsumer([BatchProcessorTests.event(valid.key, offset: 0)])
        let brokerBack = Atomic(false)
        let seen = Mutex<(early: String?, stalled: String?, after: String?)>((nil, nil, nil))
        // Health as the first send goes out, before any failure: read synchronously there,
        // because a poll of the test's own could come late on a loaded machine.
        let workerBox = Mutex<InvoiceWorker?>(nil)
        let producer = FakeRecordSender(
            fails: { _, _ in !brokerBack.load(ordering: .relaxed) },
            onSend: { _ in
                guard let worker = workerBox.withLock({ $0 }), seen.withLock({ $0.early == nil }) else { return }
                let problem = worker.healthProblem() ?? ""
                seen.withLock { $0.early = problem }
            }
        )
        let worker = Self.worker(
            consumer: consumer, producer: producer, objects: BatchProcessorTests.FakeObjects(files: [valid.key: valid.body]),
            stallLimit: .milliseconds(300)
        )
        workerBox.withLock { $0 = worker }
        try await Self.run(worker) {
            if let problem = worker.healthProblem(), seen.withLock({ $0.stalled == nil }) {
                seen.withLock { $0.stalled = problem }
                brokerBack.store(true, ordering: .relaxed)
            }
            guard !consumer.committed.isEmpty else { return false }
            seen.withLock { $0.after = worker.healthProblem() ?? "" }
            return true
        }
        let result = seen.withLock { $0 }
        #expect(result.early == "", "unhealthy before the stall limit: \(result.early ?? "-")")
        #expect(result.stalled?.contains("publishing 1 outcomes failing for") == true, "\(result.stalled ?? "never unhealthy")")
        #expect(result.after == "", "still unhealthy after recovery: \(result.after ?? "-")")
        #expect(consumer.committed.count == 1)
    }
}
