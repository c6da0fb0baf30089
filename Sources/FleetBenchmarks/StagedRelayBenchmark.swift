import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import Foundation
import InvoiceGenerator
import Kafka
import Logging

/// The relay's CPU per event: S3 notifications (one record each, as S3 sends them) are
/// queued in a fresh SQS queue first, then one `invoice-fleet relay` process is started
/// and timed until the uploads topic holds every event.
package struct StagedRelayBenchmark: Sendable {
    package var count: Int
    package var executable: String
    package var settings: StackSettings

    package init(count: Int = 500, executable: String, settings: StackSettings) {
        self.count = count
        self.executable = executable
        self.settings = settings
    }

    package struct Result: Sendable {
        package var events: Int
        package var seconds: Double
        package var relayCPUSeconds: Double
        package var eventsPerSecond: Double { Double(events) / seconds }
        package var cpuMillisecondsPerEvent: Double { relayCPUSeconds / Double(events) * 1000 }
    }

    package func run(logger: Logger, progress: @Sendable (String) -> Void) async throws -> Result {
        let s = StagedRun.settings(settings)
        return try await AWSEnvironment.with(settings: s) { aws in
            try await TopicProvisioner(settings: s, uploadsPartitions: 6).provision(logger: logger)
            let queueURL = try await aws.sqs.createQueue(name: s.queue)
            let files = InvoiceGenerator(seed: 7, configuration: .init(now: Date(), brokenShare: 0)).files(0 ..< count).map(\.key)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Eight senders at a time, a hundred notifications each.
                let chunks = stride(from: 0, to: files.count, by: 100).map { Array(files[$0 ..< min($0 + 100, files.count)]) }
                for (worker, keys) in chunks.enumerated() {
                    group.addTask {
                        for key in keys {
                            let record = S3EventRecord.objectCreatedJSON(bucket: s.bucket, key: key, size: 2048, eTag: "\"e\"")
                            let body = #"{"Records":["# + String(decoding: record, as: UTF8.self) + "]}"
                            _ = try await aws.sqs.sendMessage(queueURL: queueURL, body: body)
                        }
                    }
                    if worker >= 7 { try await group.next() }
                }
                try await group.waitForAll()
            }
            progress("queued \(count) notifications; starting the relay")

            let started = ContinuousClock.now
            let relay = try StagedRun.start(executable, "relay", settings: s, environment: [
                "RELAY_METRICS_PORT": "none", "RELAY_WAIT_SECONDS": "1",
            ])
            defer { if relay.isRunning { relay.terminate() } }
            try await waitForRecords(count, topic: s.uploadsTopic, settings: s, logger: logger)
            let seconds = (ContinuousClock.now - started).seconds
            let cpu = CPUTime.ofProcess(relay.processIdentifier) ?? 0
            relay.terminate()
            relay.waitUntilExit()
            return Result(events: count, seconds: seconds, relayCPUSeconds: cpu)
        }
    }

    /// Until the topic's partitions hold `count` records in all (checked every 100 ms).
    private func waitForRecords(_ count: Int, topic: String, settings s: StackSettings, logger: Logger) async throws {
        let consumer = try KafkaConsumer(configuration: .init(client: s.kafkaClient, groupID: nil), logger: logger)
        let partitions = try await consumer.partitions(of: topic)
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            var total: Int64 = 0
            for partition in partitions { total += try await consumer.watermarks(topic: topic, partition: partition).high }
            if total >= count {
                await consumer.close()
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        await consumer.close()
        throw BenchmarkError("the relay did not bring \(count) events into \(topic) in 600 s")
    }
}
