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
        return LoadTestReport(
            ledger.snapshot, configuration: configuration, bucket: settings.bucket,
            runStart: runStart, startedAt: startedAt, timedOut: ending == .timedOut
        )
    }
}
