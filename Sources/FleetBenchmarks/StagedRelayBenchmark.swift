import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import Foundation
import InvoiceGenerator
import Logging

/// The relay's CPU per event: S3 notifications (one record each, as S3 sends them) are
/// queued in a fresh SQS queue first, then one `invoice-fleet relay` process is started
/// and timed until it has relayed and deleted every one.
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
        /// From the first message taken from the queue to the last deleted: start-up left out.
        package var steadyEvents: Int
        package var steadySeconds: Double
        package var steadyCPUSeconds: Double
        package var eventsPerSecond: Double { Double(events) / seconds }
        package var cpuMillisecondsPerEvent: Double { relayCPUSeconds / Double(events) * 1000 }
        package var steadyEventsPerSecond: Double { Double(steadyEvents) / steadySeconds }
        package var steadyCPUMillisecondsPerEvent: Double { steadyCPUSeconds / Double(max(1, steadyEvents)) * 1000 }
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
            var first: (records: Int, at: ContinuousClock.Instant, cpu: Double)?
            try await waitUntilRelayed(count, queueURL: queueURL, sqs: aws.sqs, progress: progress) { records in
                if first == nil, records > 0 { first = (records, .now, CPUTime.ofProcess(relay.processIdentifier) ?? 0) }
            }
            let finished = ContinuousClock.now
            let cpu = CPUTime.ofProcess(relay.processIdentifier) ?? 0
            relay.terminate()
            relay.waitUntilExit()
            let steady = first ?? (0, started, 0)
            return Result(
                events: count, seconds: (finished - started).seconds, relayCPUSeconds: cpu,
                steadyEvents: count - steady.records, steadySeconds: (finished - steady.at).seconds, steadyCPUSeconds: cpu - steady.cpu
            )
        }
    }

    /// Until the queue is empty: the relay deletes a message only once the broker has
    /// acknowledged its records. (The topic's high watermarks cannot tell: Tansu's lags
    /// by up to a batch.) Checked every 100 ms, `seen` gets how many messages have been
    /// taken so far; reported every 10 s.
    private func waitUntilRelayed(
        _ count: Int, queueURL: String, sqs: SQSClient, progress: (String) -> Void, seen: (Int) -> Void
    ) async throws {
        let started = ContinuousClock.now
        var reported = started
        while ContinuousClock.now < started + .seconds(600) {
            let attributes = try await sqs.getQueueAttributes(
                queueURL: queueURL, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
            let waiting = Int(attributes["ApproximateNumberOfMessages"] ?? "") ?? count
            let inFlight = Int(attributes["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? 0
            seen(count - waiting)
            if waiting == 0, inFlight == 0 { return }
            if ContinuousClock.now - reported >= .seconds(10) {
                reported = .now
                progress("\(waiting) notifications waiting, \(inFlight) being relayed, after \(Int((reported - started).seconds)) s")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchmarkError("the relay did not empty the queue of \(count) notifications in 600 s")
    }
}
