import AWSClients
import FleetContracts
import FleetMessaging
import FleetSettings
import Foundation
import InvoiceDomain
import Kafka
import Logging
import Metrics
import Retrying
import ServiceLifecycle
import Synchronization

/// One member of the `invoice-workers` consumer group.
///
/// Per batch: poll, process (fetch, validate, write), publish every outcome and wait for
/// the broker's acknowledgements, and only then commit the batch's offsets. A crash at
/// any point therefore redoes at most the uncommitted batch, and redoing it is harmless:
/// the identity rule settles a redone write as a duplicate (`IdentityWriter`).
package final class InvoiceWorker: Service {
    private let consumer: any UploadConsumer
    private let producer: any RecordSending
    private let processor: BatchProcessor
    private let settings: StackSettings
    private let configuration: WorkerConfiguration
    private let metrics = WorkerMetrics()
    private let logger: Logger
    /// Why the last poll failed, until one succeeds: what `/health` reports.
    private let pollProblem = Mutex<String?>(nil)
    /// Fetches, writes and publishes failing for too long: also `/health`'s.
    private let stalls: StallWatch
    /// What the lag gauges are computed from, sampled by `reportLag`.
    private let lag = Mutex(PartitionLag())
    /// Whether partitions arrive; read by the poll, which may run beside a batch's writes.
    private let assignmentWatch = Mutex(AssignmentWatch(patience: .seconds(60)))

    package init(
        settings: StackSettings, configuration: WorkerConfiguration,
        consumer: any UploadConsumer, producer: any RecordSending, objects: any ObjectFetching,
        table: any IdentityStore, logger: Logger
    ) {
        self.settings = settings
        self.configuration = configuration
        self.consumer = consumer
        self.producer = producer
        self.logger = logger
        stalls = StallWatch(limit: configuration.stallLimit)
        let metrics = self.metrics
        let writer = IdentityWriter(
            store: table,
            retryPolicy: RetryPolicy(budget: configuration.transientRetryBudget, backoff: configuration.retryBackoff, stalls: stalls),
            concurrency: configuration.writeConcurrency, logger: logger, onRetry: { metrics.dynamoRetries.increment() }
        )
        processor = BatchProcessor(
            objects: objects, writer: writer, validator: InvoiceValidator(configuration: configuration.validatorConfiguration),
            configuration: configuration, metrics: metrics, logger: logger, stalls: stalls
        )
    }

    package func run() async throws {
        try consumer.subscribe(topics: [settings.uploadsTopic])
        logger.info("worker started", metadata: [
            "worker.id": "\(configuration.workerID)", "group": "\(settings.consumerGroup)",
            "topic": "\(settings.uploadsTopic)", "librdkafka": "\(KafkaProducer.librdkafkaVersion)",
        ])
        // Ended, and waited for, before this returns: the consumer it reads is closed after.
        let lagReporter = Task { [self] in await reportLag(every: configuration.lagReportInterval) }
        do {
            try await consumeUntilShutdown()
        } catch {
            lagReporter.cancel()
            await lagReporter.value
            throw error
        }
        lagReporter.cancel()
        await lagReporter.value
        // The consumer (leaving the group) and the producer are closed by their services,
        // after this one: see `buildWorker`.
        logger.info("worker stopping")
    }

    /// Poll, read, write, publish, commit, until shutdown; then one last commit.
    ///
    /// The next batch is polled and read (fetched and validated) while the current one is
    /// written, published and committed. Writes, publishing and commits stay one batch at a
    /// time in poll order, so per-partition order and commit-only-after-durable hold as in
    /// a strictly sequential loop; what overlaps is S3 reading with DynamoDB and Kafka.
    private func consumeUntilShutdown() async throws {
        var pending = PendingCommits(retryPause: configuration.commitRetryPause)
        var upcoming = try await pollAndRead()
        while let current = upcoming {
            async let following = pollAndRead()
            if let batch = current.batch {
                guard try await settle(batch, readStart: current.start) else { break }
                pending.add(batch.records.nextOffsets)
                await commit(&pending)
            } else if pending.isDue(at: .now) {
                await commit(&pending)
            }
            upcoming = try await following
            // Finishing the batch before cleared what the lag knew of this one.
            if let records = upcoming?.batch?.records { lag.withLock { $0.began(records) } }
        }
        // One last try for finished work whose commit failed; the rest is redone.
        await commit(&pending)
    }

    /// One poll and, if it brought records, their batch read.
    private struct Polled: Sendable {
        /// `nil` when the poll brought nothing or failed (it then paused a second).
        var batch: BatchProcessor.ReadBatch?
        var start: ContinuousClock.Instant
    }

    /// - Returns: `nil` once shutdown began, or when shutdown interrupted the read during
    ///   an S3 outage (the batch is left uncommitted for the next owner).
    /// - Throws: a fatal consumer error: the process must exit for its supervisor.
    private func pollAndRead() async throws -> Polled? {
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return nil }
        let start = ContinuousClock.now
        let records: [KafkaRecord]
        do {
            records = try await consumer.poll(maxMessages: configuration.batchSize, timeout: configuration.batchWait)
            pollProblem.withLock { $0 = nil }
            if let waited = assignmentWatch.withLock({ $0.observe(assigned: !consumer.assignment.isEmpty) }) {
                logger.warning("no partitions assigned yet: this member is idle (more members than partitions) or the group cannot finish a rebalance", metadata: [
                    "waited_s": "\(waited.components.seconds)", "group": "\(settings.consumerGroup)",
                ])
            }
        } catch {
            if error.isFatal {
                // The consumer's handle is dead (e.g. fenced: another member took this
                // one's group.instance.id). Only a new process can rejoin: exit non-zero
                // for the supervisor; the uncommitted batch goes to the group's next owner.
                logger.critical("consumer hit a fatal error; exiting for the supervisor to restart the worker", metadata: ["error": "\(error)"])
                throw error
            }
            pollProblem.withLock { $0 = "cannot read \(settings.uploadsTopic): \(error)" }
            // A missing topic or an unreachable broker: keep trying, loudly, without spinning.
            logger.error("cannot read \(settings.uploadsTopic)", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: .seconds(1))
            return Polled(batch: nil, start: start)
        }
        guard !records.isEmpty else { return Polled(batch: nil, start: start) }
        lag.withLock { $0.began(records) }
        do {
            return Polled(batch: try await processor.read(records), start: start)
        } catch RetryError.shuttingDown {
            logger.warning("shutdown during an S3 outage: batch abandoned uncommitted; another member will redo it", metadata: ["messages": "\(records.count)"])
            return nil
        }
    }

    /// `nil` when the worker can read its topic and nothing has kept failing for longer
    /// than the stall limit, else why not (for `/health`).
    package func healthProblem() -> String? {
        pollProblem.withLock { $0 } ?? stalls.problem()
    }

    /// Samples the lag of the owned partitions into the gauges every `interval`, apart from
    /// the batch loop, so that a batch stuck in an outage shows its age growing.
    private func reportLag(every interval: Duration) async {
        var reported: Set<KafkaTopicPartition> = []
        while !Task.isCancelled {
            let assigned = consumer.assignment
            let progress = consumer.localProgress(of: Array(assigned))
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let samples = lag.withLock { $0.sample(assigned: assigned, progress: progress, nowMilliseconds: now) }
            for sample in samples { metrics.lag(sample.partition, records: sample.records, seconds: sample.seconds) }
            // Partitions moved to another member: their lag is now that member's to report.
            for partition in reported.subtracting(assigned) { metrics.lag(partition, records: 0, seconds: 0) }
            reported = assigned
            try? await Task.sleep(for: interval)
        }
    }

    /// Commits what is finished and not yet committed: after each batch, and while an
    /// earlier commit keeps failing (e.g. the broker restarting), again every second.
    private func commit(_ pending: inout PendingCommits) async {
        if pending.isEmpty { return }
        let attempt = pending.offsets
        do {
            try await consumer.commit(attempt)
            let failures = pending.settle(attempt)
            if failures > 0 {
                logger.info("commit succeeded again", metadata: ["failed_attempts": "\(failures)"])
            }
        } catch {
            // The outcomes are durable: if this member loses the partitions first, their
            // next owner redoes the records idempotently; otherwise a later pass retries.
            if pending.failed(at: .now, assignment: consumer.assignment) == 1 {
                logger.warning("commit failed; retrying every second (the records are redone if the partitions move first)", metadata: [
                    "error": "\(error)", "offsets": "\(attempt.map(\.description).joined(separator: ","))",
                ])
            }
        }
    }

    /// One batch through what the loop does to it before committing: for benchmarks that
    /// measure a batch alone (`StagedBatchBenchmark`).
    package func processAndPublish(_ records: [KafkaRecord]) async throws -> Bool {
        let start = ContinuousClock.now
        lag.withLock { $0.began(records) }
        return try await settle(processor.read(records), readStart: start)
    }

    /// Writes and publishes one read batch; the caller commits it.
    /// - Returns: `false` if shutdown interrupted it, leaving it uncommitted for the next owner.
    private func settle(_ batch: BatchProcessor.ReadBatch, readStart start: ContinuousClock.Instant) async throws -> Bool {
        let records = batch.records
        let outcome: BatchOutcome
        do {
            outcome = try await processor.write(batch)
            try await publish(outcome)
            lag.withLock { $0.finished(records) }
        } catch RetryError.shuttingDown {
            logger.warning("shutdown during an outage: batch abandoned uncommitted; another member will redo it", metadata: ["messages": "\(records.count)"])
            return false
        }
        // From the poll to the outcomes being durable, overlap with the batch before included.
        let elapsed = ContinuousClock.now - start
        metrics.batchDuration.record(duration: elapsed)
        metrics.batchSize.record(records.count)
        metrics.stored.increment(by: outcome.stored.count)
        metrics.ignored.increment(by: outcome.ignored)
        metrics.superseded.increment(by: outcome.superseded.count)
        for version in outcome.superseded {
            logger.info("superseded version skipped: a newer version of the object is in S3 or stored", metadata: [
                "object": "\(version.object)", "etag": "\(version.version)", "newer_etag": "\(version.by ?? "in S3")",
            ])
        }
        for letter in outcome.deadLetters { metrics.deadLettered(code: letter.code.rawValue, stage: letter.stage.rawValue) }
        logger.info("batch done", metadata: [
            "messages": "\(records.count)", "stored": "\(outcome.stored.count)",
            "dead_lettered": "\(outcome.deadLetters.count)", "ignored": "\(outcome.ignored)",
            "superseded": "\(outcome.superseded.count)",
            "duration_ms": "\(elapsed.wholeMilliseconds)",
        ])
        return true
    }

    /// Publishes results and dead letters and waits until the broker has them all,
    /// re-sending only what failed, through outages, for ever: dead letters have nowhere
    /// else to go, so the transient budget does not apply here.
    /// - Throws: `RetryError.shuttingDown` if shutdown began while the broker was failing.
    private func publish(_ outcome: BatchOutcome) async throws {
        var pending: [KafkaOutgoingMessage] = outcome.stored.map { stored in
            KafkaOutgoingMessage(topic: settings.processedTopic, key: stored.processed.accessKey, value: stored.processed.json)
        } + outcome.deadLetters.map { $0.message(topic: settings.deadLetterTopic) }
        let retryPolicy = RetryPolicy(budget: nil, backoff: configuration.retryBackoff, stalls: stalls)
        try await retryPolicy.run(
            "publishing \(pending.count) outcomes", logger: logger, isTransient: { $0 is KafkaError },
            onRetry: { [metrics] _ in metrics.transientRetries.increment() }
        ) {
            let results = try await producer.send(pending)
            let failed = zip(pending, results).compactMap { message, result -> (KafkaOutgoingMessage, KafkaError)? in
                if case let .failure(error) = result { return (message, error) }
                return nil
            }
            pending = failed.map(\.0)
            if let (_, error) = failed.first { throw error }
        }
    }
}
