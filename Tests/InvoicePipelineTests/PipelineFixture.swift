import AWSClients
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

/// A private corner of the local stack for one pipeline test (see `PrivateStack`).
struct PipelineFixture {
    let stack: PrivateStack
    var settings: StackSettings { stack.settings }
    var aws: AWSEnvironment { stack.aws }
    var logger: Logger { stack.logger }

    init() throws {
        stack = try PrivateStack(prefix: "t", label: "pipeline-tests")
    }

    func provision(partitions: Int = 3) async throws {
        try await stack.createTopics(partitions: partitions)
        try await aws.s3.createBucket(settings.bucket)
        try await stack.createTable()
    }

    /// Generated invoice files, `brokenShare` of them broken.
    func files(count: Int, brokenShare: Double, seed: UInt64 = 42) -> [GeneratedFile] {
        let generator = InvoiceGenerator(seed: seed, configuration: .init(now: Date(), brokenShare: brokenShare))
        return Array(generator.files(0 ..< count))
    }

    /// Uploads the files to the bucket (8 at a time) and returns their ETags by key.
    func upload(_ files: [GeneratedFile]) async throws -> [String: String] {
        try await withThrowingTaskGroup(of: (String, String).self) { group in
            var eTags: [String: String] = [:]
            var iterator = files.makeIterator()
            func addNext() {
                guard let file = iterator.next() else { return }
                group.addTask { (file.key, try await aws.s3.putObject(bucket: settings.bucket, key: file.key, bytes: file.body)) }
            }
            for _ in 0 ..< 8 { addNext() }
            while let (key, eTag) = try await group.next() {
                eTags[key] = eTag
                addNext()
            }
            return eTags
        }
    }

    /// Produces one ObjectCreated event per key, as the relay would.
    func produceEvents(keys: [String], extra: [KafkaOutgoingMessage] = []) async throws {
        try await stack.produce(keys.map { stack.objectCreatedEvent(key: $0) } + extra)
    }

    /// An in-process worker of the fixture's group.
    func worker(id: String) throws -> ComponentProcess {
        try stack.worker(id: id)
    }

    /// Reads `topic` from the start until `count` records arrived or `timeout` passed,
    /// then `linger` longer.
    func read(
        _ topic: String, count: Int, timeout: Duration = .seconds(90), linger: Duration = .milliseconds(500)
    ) async throws -> [KafkaRecord] {
        try await stack.read(topic, count: count, timeout: timeout, linger: linger)
    }

    func storedItems() async throws -> [DynamoItem] {
        try await aws.dynamo.scanAll(table: settings.table, consistentRead: true)
    }
}
