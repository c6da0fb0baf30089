import AWSClients
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetSettings
import Foundation
import InvoiceGenerator
import InvoicePipeline
import Kafka
import Logging

/// The fleet's own throughput, without the relay and S3 notifications in the way: objects
/// are uploaded first, their events produced straight into a fresh uploads topic, and only
/// then are N worker processes started and timed until every invoice is accounted for.
package struct StagedThroughputBenchmark: Sendable {
    package var count: Int
    package var workers: Int
    package var brokenShare: Double
    package var partitions: Int
    /// Measure the stack's ceiling (`StackCeiling`) before starting the workers.
    package var measureCeiling = true
    /// The `invoice-fleet` executable the workers run.
    package var executable: String
    package var settings: StackSettings

    package init(count: Int, workers: Int, brokenShare: Double = 0.05, partitions: Int = 6, executable: String, settings: StackSettings) {
        self.count = count
        self.workers = workers
        self.brokenShare = brokenShare
        self.partitions = partitions
        self.executable = executable
        self.settings = settings
    }

    package struct Result: Sendable {
        package var invoices: Int
        package var stored: Int
        package var deadLettered: Int
        package var workers: Int
        package var stagingSeconds: Double
        package var processingSeconds: Double
        package var workerCPUSeconds: Double
        /// Time from the workers' start to each outcome, in milliseconds.
        package var completion: Percentiles
        /// From the workers' start (process start-up and group join included) to the first outcome.
        package var firstOutcomeSeconds: Double
        /// The stack's own ceiling for this run's requests, measured just before the workers ran.
        package var ceiling: StackCeiling?
        package var invoicesPerSecond: Double { Double(invoices) / processingSeconds }
        /// The rate once the workers run: first to last outcome.
        package var steadyInvoicesPerSecond: Double { Double(invoices) / max(processingSeconds - firstOutcomeSeconds, 0.001) }
        package var cpuMillisecondsPerInvoice: Double { workerCPUSeconds / Double(invoices) * 1000 }
        /// Steady throughput as a share of the ceiling.
        package var ceilingRatio: Double? { ceiling.map { steadyInvoicesPerSecond / $0.invoicesPerSecond } }
    }

    package func run(logger: Logger, progress: @Sendable (String) -> Void) async throws -> Result {
        let s = StagedRun.settings(settings)
        let worker = try WorkerConfiguration(from: SettingsSource(known: WorkerConfiguration.settings))
        let (stagingSeconds, ceiling, started, tally, cpu) = try await AWSEnvironment.with(settings: s) { aws in
            let stagingStart = ContinuousClock.now
            let files = try await StagedRun.stage(
                count: count, brokenShare: brokenShare, partitions: partitions, settings: s, aws: aws, logger: logger, progress: progress
            ).files
            let stagingSeconds = (ContinuousClock.now - stagingStart).seconds
            progress("staged \(count) objects and events in \(String(format: "%.1f", stagingSeconds)) s; measuring the stack's ceiling")
            var ceiling: StackCeiling?
            if measureCeiling {
                let scratch = ("\(s.table)-Ceiling", "\(s.table)-Ceiling2")
                for table in [scratch.0, scratch.1] {
                    _ = try await aws.dynamo.createTable(InvoiceTable.definition(named: table))
                    try await aws.dynamo.waitUntilActive(table)
                }
                ceiling = try await StackCeiling.measure(
                    files: files, bucket: s.bucket, scratchTables: scratch, aws: aws,
                    fetchConcurrency: worker.fetchConcurrency, writeConcurrency: worker.writeConcurrency,
                    maxFileSize: worker.maxFileSize)
                for table in [scratch.0, scratch.1] { try? await aws.dynamo.deleteTable(table) }
            }
            progress("starting \(workers) worker(s)")

            let started = Date()
            let processes = try (0 ..< workers).map { try StagedRun.start(executable, "worker", settings: s, environment: [
                "WORKER_ID": "\(s.consumerGroup)-\($0)", "WORKER_METRICS_PORT": "none",
            ]) }
            let tally = try await OutcomeTally.wait(for: count, settings: s, logger: logger, progress: progress)
            let cpu = processes.compactMap { CPUTime.ofProcess($0.processIdentifier) }.reduce(0, +)
            for process in processes { process.terminate() }
            for process in processes { process.waitUntilExit() }
            try? await aws.dynamo.deleteTable(s.table)
            return (stagingSeconds, ceiling, started, tally, cpu)
        }

        let latencies = tally.outcomeTimes.map { $0.timeIntervalSince(started) * 1000 }
        return Result(
            invoices: count, stored: tally.stored, deadLettered: tally.deadLettered, workers: workers,
            stagingSeconds: stagingSeconds, processingSeconds: (latencies.max() ?? 0) / 1000,
            workerCPUSeconds: cpu, completion: Percentiles(latencies), firstOutcomeSeconds: (latencies.min() ?? 0) / 1000,
            ceiling: ceiling
        )
    }
}
