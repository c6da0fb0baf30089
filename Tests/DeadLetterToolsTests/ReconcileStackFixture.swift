import AWSClients
import DeadLetterTools
import FleetContracts
import FleetRuntime
import FleetSettings
import FleetTestSupport
import PipelineTestSupport
import Foundation
import InvoiceGenerator
import InvoicePipeline
import Kafka
import Logging

/// A private corner of the local stack for one reconcile test (see `PrivateStack`), and
/// a real worker to produce stored items and dead letters.
struct ReconcileStackFixture {
    let stack: PrivateStack
    var settings: StackSettings { stack.settings }
    var aws: AWSEnvironment { stack.aws }
    var logger: Logger { stack.logger }

    init() throws {
        stack = try PrivateStack(prefix: "rc", label: "reconcile-tests")
    }

    var cluster: DeadLetterClusterSettings {
        var cluster = DeadLetterClusterSettings(stack: settings)
        cluster.idleTimeout = .seconds(15)
        return cluster
    }

    /// Creates the topics and the bucket, and the table unless told not to.
    func provision(table: Bool = true) async throws {
        try await stack.createTopics(partitions: 2)
        try await aws.s3.createBucket(settings.bucket)
        if table { try await stack.createTable() }
    }

    func files(count: Int, brokenShare: Double) -> [GeneratedFile] {
        let generator = InvoiceGenerator(seed: 7, configuration: .init(now: Date(), brokenShare: brokenShare))
        return Array(generator.files(0 ..< count))
    }

    /// Puts `body` under `key` and returns its ETag.
    func put(_ key: String, _ body: [UInt8]) async throws -> String {
        try await aws.s3.putObject(bucket: settings.bucket, key: key, bytes: body)
    }

    /// The ObjectCreated event the relay would produce for `key`.
    func event(for key: String, eTag: String) -> KafkaOutgoingMessage {
        stack.objectCreatedEvent(key: key, eTag: eTag)
    }

    func produce(_ messages: [KafkaOutgoingMessage]) async throws {
        try await stack.produce(messages)
    }

    /// What the worker published so far: the keys stored, and per key the highest
    /// `attempts` among its dead letters.
    struct Outcomes: Sendable {
        var stored: Set<String> = []
        var deadLettered: [String: Int] = [:]
    }

    func outcomes() async throws -> Outcomes {
        var outcomes = Outcomes()
        for record in try await records(of: settings.processedTopic) {
            if let processed = try? JSONDecoder().decode(ProcessedInvoice.self, from: Data(record.value)) {
                outcomes.stored.insert(processed.key)
            }
        }
        for record in try await records(of: settings.deadLetterTopic) {
            if let entry = DeadLetterEntry(record: record), let key = entry.source?.key {
                outcomes.deadLettered[key] = max(outcomes.deadLettered[key] ?? 0, entry.letter.attempts)
            }
        }
        return outcomes
    }

    /// Every record of `topic` now, read without a group.
    func records(of topic: String) async throws -> [KafkaRecord] {
        let reader = DeadLetterReader(topic: topic, settings: cluster, logger: logger)
        var records: [KafkaRecord] = []
        try await reader.scan(try await reader.ranges()) { records += $0 }
        return records
    }

    /// Runs an in-process worker of the fixture's group until `done` holds for what it
    /// published, or 90 s passed. - Returns: whether `done` held.
    func runWorker(id: String, until done: (Outcomes) -> Bool) async throws -> Bool {
        let worker = try stack.worker(id: id)
        let running = Task { try await worker.run() }
        var reached = false
        do {
            let deadline = ContinuousClock.now + .seconds(90)
            while !reached, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(300))
                let seen = try await outcomes()
                reached = done(seen)
            }
        } catch {
            running.cancel()
            _ = try? await running.value
            throw error
        }
        running.cancel()
        _ = try? await running.value
        return reached
    }

    func reconciler(_ adjust: (inout StackSettings) -> Void = { _ in }) -> Reconciler {
        var stack = settings
        adjust(&stack)
        return Reconciler(aws: aws, stack: stack, cluster: cluster, logger: logger)
    }
}
