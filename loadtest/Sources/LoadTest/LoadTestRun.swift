import AWSClients
import FleetMessaging
import FleetSettings
import Foundation
import Kafka
import Logging

/// One load test: upload generated invoices to the bucket, read what the fleet made of
/// them from the outcome topics, and compare with what the generator expected.
///
/// The outcome topics are read from their ends as of the start of the run, and only
/// records about this run's key prefix count, so that the topics can be shared with
/// other traffic and earlier runs.
package struct LoadTestRun: Sendable {
    package let settings: StackSettings
    package let configuration: LoadTestConfiguration
    let s3: S3Client
    let logger: Logger

    /// - Parameters:
    ///   - settings: The bucket to upload to, the brokers and the outcome topics.
    ///   - s3: The client to upload with; the caller owns its HTTP client.
    package init(settings: StackSettings, configuration: LoadTestConfiguration, s3: S3Client, logger: Logger) {
        self.settings = settings
        self.configuration = configuration
        self.s3 = s3
        self.logger = logger
    }

    /// Runs the test and returns its report; mismatches are in the report, not thrown.
    /// - Parameter display: Where to show progress; `nil` shows none.
    /// - Throws: `KafkaError` if the outcome topics cannot be read at the start.
    package func run(progress display: ProgressDisplay? = nil) async throws -> LoadTestReport {
        let startedAt = Date()
        let plan = UploadPlan(configuration: configuration, now: startedAt)
        let ledger = RunLedger(total: configuration.count)

        // Positions first: every record written after this instant is read.
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: settings.kafkaClient, groupID: nil), logger: logger)
        let positions = try await OutcomeCollector.currentEnds(of: [settings.processedTopic, settings.deadLetterTopic], consumer: consumer)
        try consumer.assign(positions)
        let collector = OutcomeCollector(
            consumer: consumer,
            decoder: OutcomeDecoder(bucket: settings.bucket, keyPrefix: configuration.keyPrefix,
                                    processedTopic: settings.processedTopic, deadLetterTopic: settings.deadLetterTopic),
            ledger: ledger, timeout: configuration.timeout, logger: logger
        )
        let uploader = Uploader(
            s3: s3, bucket: settings.bucket, plan: plan, concurrency: configuration.concurrency,
            pacer: UploadPacer(rate: configuration.rate), attempts: configuration.uploadAttempts, ledger: ledger, logger: logger
        )
        logger.info("load test started", metadata: [
            "run": "\(configuration.runID)", "count": "\(configuration.count)", "bucket": "\(settings.bucket)",
            "prefix": "\(configuration.keyPrefix)", "seed": "\(configuration.seed)",
        ])

        let runStart = Uploader.nowMilliseconds()
        let ending = await withTaskGroup(of: OutcomeCollector.Ending?.self) { group in
            group.addTask { await collector.collect() }
            group.addTask { await uploader.uploadAll(); return nil }
            if let display { group.addTask { await display.show { ledger.progress }; return nil } }
            var ending = OutcomeCollector.Ending.cancelled
            for await result in group {
                guard let result else { continue }
                ending = result
                // Reading is over: stop the display (and the uploads, if cancelled).
                group.cancelAll()
            }
            return ending
        }
        await consumer.close()
        return report(ledger.snapshot, runStart: runStart, startedAt: startedAt, timedOut: ending == .timedOut)
    }

    /// Builds the report from what the ledger holds.
    func report(_ state: RunLedger.State, runStart: Int64, startedAt: Date, timedOut: Bool) -> LoadTestReport {
        let reconciliation = Reconciliation(expected: state.expected, uploadFailures: state.uploadFailures, observed: state.observations)
        let latencies = reconciliation.firstOutcomes.compactMap { key, outcome -> Int64? in
            guard let written = outcome.timestampMilliseconds, let uploaded = state.uploadFinished[key] else { return nil }
            return written - uploaded
        }
        let lastUpload = state.uploadFinished.values.max() ?? runStart
        let lastOutcome = reconciliation.firstOutcomes.values.compactMap(\.timestampMilliseconds).max() ?? lastUpload
        let uploadSeconds = Double(lastUpload - runStart) / 1000
        let outcomeSeconds = Double(lastOutcome - runStart) / 1000
        let matched = { (label: (String) -> Bool) in
            reconciliation.byOutcome.filter { label($0.key) }.values.map(\.matched).reduce(0, +)
        }
        let contested = Reconciliation.contestedLabel
        let formatter = ISO8601DateFormatter()
        return LoadTestReport(
            run: .init(
                runID: configuration.runID, bucket: settings.bucket, keyPrefix: configuration.keyPrefix,
                seed: configuration.seed, count: configuration.count, brokenShare: configuration.brokenShare,
                conflictShare: configuration.conflictShare,
                concurrency: configuration.concurrency, targetRate: configuration.rate,
                timeoutSeconds: Int(configuration.timeout.components.seconds),
                startedAt: formatter.string(from: startedAt), finishedAt: formatter.string(from: Date()), timedOut: timedOut
            ),
            uploads: .init(
                succeeded: state.uploadFinished.count, failed: state.uploadFailures.count, seconds: Self.rounded(uploadSeconds),
                perSecond: Self.rounded(uploadSeconds > 0 ? Double(state.uploadFinished.count) / uploadSeconds : 0)
            ),
            outcomes: .init(
                expected: state.expected.count, accounted: reconciliation.accounted,
                stored: matched { $0 == "stored" }, deadLettered: matched { $0 != "stored" && $0 != contested },
                contested: matched { $0 == contested },
                missing: reconciliation.count(.missing), wrongOutcome: reconciliation.count(.wrongOutcome),
                conflicting: reconciliation.count(.conflicting), unexpected: reconciliation.count(.unexpected),
                duplicates: reconciliation.duplicates, byOutcome: reconciliation.byOutcome,
                secondsAfterLastUpload: Self.rounded(max(0, Double(lastOutcome - lastUpload) / 1000)),
                perSecond: Self.rounded(outcomeSeconds > 0 ? Double(reconciliation.accounted) / outcomeSeconds : 0)
            ),
            latencyMilliseconds: LatencySummary(samples: latencies),
            mismatches: Array(reconciliation.mismatches.prefix(LoadTestReport.mismatchLimit)),
            mismatchCount: reconciliation.mismatches.count,
            passed: reconciliation.passed && !timedOut
        )
    }

    private static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
