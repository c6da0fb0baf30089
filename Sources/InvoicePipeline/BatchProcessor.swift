import AWSClients
import FleetContracts
import Foundation
import InvoiceDomain
import Kafka
import Logging
import Metrics
import Retrying

/// Turns one batch of `invoice-uploads` messages into outcomes: decode, fetch (concurrently,
/// the event's version only), validate, write under the identity rule (`IdentityWriter`).
/// Publishing and committing are the worker's; this type does no Kafka I/O.
struct BatchProcessor: Sendable {
    let objects: any ObjectFetching
    let writer: IdentityWriter
    let validator: InvoiceValidator
    let configuration: WorkerConfiguration
    let metrics: WorkerMetrics
    let logger: Logger
    /// Where failure streaks show while they last (the worker's `/health`).
    var stalls: StallWatch?

    /// Fetches and writes retry through outages by the worker's budget (for ever by default).
    private var retryPolicy: RetryPolicy {
        RetryPolicy(budget: configuration.transientRetryBudget, backoff: configuration.retryBackoff, stalls: stalls)
    }

    /// A batch read and validated, its writes not yet sent: what the worker's loop holds
    /// between reading one batch and writing it, while it writes the batch before.
    struct ReadBatch: Sendable {
        var records: [KafkaRecord]
        /// The messages settled already: ignored, dead-lettered, superseded in S3.
        var outcome: BatchOutcome
        var valid: [ValidInvoice]
        var storedAt: String
    }

    struct ValidInvoice: Sendable {
        var event: UploadEvent
        /// The version read (the body is not kept: the item holds what is stored).
        var eTag: String
        var invoice: Invoice
        var request: IdentityWriter.Request
    }

    /// `read` then `write`.
    /// - Throws: `RetryError.shuttingDown` if shutdown began during an outage;
    ///   the batch must then be left uncommitted.
    func process(_ records: [KafkaRecord]) async throws -> BatchOutcome {
        try await write(read(records))
    }

    /// Decodes the batch's events, fetches their objects and validates them: everything
    /// that does not depend on the table, so the worker can do it for the next batch
    /// while this one's writes are in flight.
    /// - Throws: `RetryError.shuttingDown` if shutdown began during an S3 outage.
    func read(_ records: [KafkaRecord]) async throws -> ReadBatch {
        var outcome = BatchOutcome()
        var uploads: [UploadEvent] = []
        for record in records {
            switch UploadEvent.decode(record) {
            case let .upload(event): uploads.append(event)
            case .ignored: outcome.ignored += 1
            case let .invalid(code, message):
                outcome.deadLetters.append(deadLetter(record, .decodeEvent, code, message))
            }
        }

        let fetched = try await fetchAll(uploads)
        var valid: [ValidInvoice] = []
        let now = Date()
        let storedAt = ISO8601Timestamp.format(now, offsetMinutes: 0)
        for (event, result) in zip(uploads, fetched) {
            switch result {
            case let .failed(letter):
                outcome.deadLetters.append(letter)
            case .superseded:
                outcome.superseded.append(.init(object: "s3://\(event.bucket)/\(event.key)", version: event.eTag ?? "", by: nil))
            case let .fetched(object):
                let validation = object.body.withUnsafeReadableBytes { validator.validate($0, now: now) }
                switch validation {
                case let .success(invoice):
                    let source = InvoiceSource(bucket: event.bucket, key: event.key, eTag: object.eTag)
                    let item = InvoiceTable.item(for: invoice, source: source, version: event.version, storedAt: storedAt)
                    let identity = InvoiceIdentity(
                        accessKey: invoice.accessKey, contentHash: item[InvoiceTable.Attribute.contentHash]?.stringValue ?? "",
                        source: source, version: event.version)
                    valid.append(ValidInvoice(
                        event: event, eTag: object.eTag, invoice: invoice,
                        request: IdentityWriter.Request(item: item, identity: identity, overwriteApproved: event.overwriteApproved)))
                case let .failure(rejection):
                    let stage: DeadLetter.Stage = rejection.stage == .parse ? .parse : .validate
                    outcome.deadLetters.append(deadLetter(event.record, stage, DeadLetterCode(rejection.code), rejection.message))
                }
            }
        }
        return ReadBatch(records: records, outcome: outcome, valid: valid, storedAt: storedAt)
    }

    /// Writes a read batch's valid invoices under the identity rule and completes its outcome.
    /// - Throws: `RetryError.shuttingDown` if shutdown began during a DynamoDB outage.
    func write(_ batch: ReadBatch) async throws -> BatchOutcome {
        var outcome = batch.outcome
        let valid = batch.valid, storedAt = batch.storedAt
        let requests = valid.map(\.request)
        let results = try await writer.write(requests)

        for (entry, result) in zip(valid, results) {
            let object = "s3://\(entry.event.bucket)/\(entry.event.key)"
            switch result {
            case .stored, .overwrote, .duplicate:
                outcome.stored.append(.init(record: entry.event.record, processed: ProcessedInvoice(
                    accessKey: entry.invoice.accessKey, invoiceNumber: entry.invoice.invoiceNumber,
                    bucket: entry.event.bucket, key: entry.event.key, eTag: entry.eTag,
                    storedAt: storedAt, workerId: configuration.workerID
                )))
            case let .superseded(newer):
                outcome.superseded.append(.init(object: object, version: entry.eTag, by: newer.source.eTag))
            case let .conflict(stored):
                outcome.deadLetters.append(deadLetter(
                    entry.event.record, .write, .accessKeyConflict,
                    "access key \(entry.invoice.accessKey) is already stored from s3://\(stored.source.bucket)/\(stored.source.key) (eTag \(stored.source.eTag)) with different content; this invoice is \(object) (eTag \(entry.eTag)). The stored invoice is unchanged; replay with --overwrite-conflicts to replace it."
                ))
            case let .failed(failure):
                outcome.deadLetters.append(deadLetter(entry.event.record, .write, failure.code, failure.message, failure.errorClass))
            }
        }
        return outcome
    }

    // MARK: - Fetching

    /// Fetches every object with at most `fetchConcurrency` downloads in flight; results in input order.
    private enum FetchResult: Sendable {
        case fetched(S3Object)
        case failed(DeadLetter)
        /// The event's version was overwritten before it could be read.
        case superseded
    }

    private func fetchAll(_ uploads: [UploadEvent]) async throws -> [FetchResult] {
        var results = [FetchResult?](repeating: nil, count: uploads.count)
        try await withThrowingTaskGroup(of: (Int, FetchResult).self) { group in
            var next = 0
            func startNext() {
                guard next < uploads.count else { return }
                let index = next, event = uploads[index]
                next += 1
                group.addTask { (index, try await fetch(event)) }
            }
            for _ in 0 ..< max(1, configuration.fetchConcurrency) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                startNext()
            }
        }
        return results.map { $0! }
    }

    private func fetch(_ event: UploadEvent) async throws -> FetchResult {
        let start = ContinuousClock.now
        defer { metrics.fetchLatency.record(duration: ContinuousClock.now - start) }
        do {
            let object = try await retryPolicy.run(
                "S3 GetObject s3://\(event.bucket)/\(event.key)", logger: logger, isTransient: Self.isTransient,
                onRetry: { _ in metrics.transientRetries.increment() }
            ) {
                try await objects.getObject(bucket: event.bucket, key: event.key, ifMatch: event.eTag, maxBytes: configuration.maxFileSize)
            }
            return .fetched(object)
        } catch let error as S3ObjectError {
            switch error {
            case .noSuchKey:
                return .failed(deadLetter(event.record, .fetch, .objectNotFound, error.description))
            case .versionReplaced:
                return .superseded
            case let .objectTooLarge(size, limit):
                // Same stage and code as the validator's size check, whichever caught it.
                return .failed(deadLetter(event.record, .parse, DeadLetterCode(.fileTooLarge),
                                           "file is \(size) bytes, more than the limit of \(limit)"))
            }
        } catch let RetryError.exhausted(attempts, last) {
            return .failed(deadLetter(event.record, .fetch, .s3Unavailable, "gave up after \(attempts) attempts: \(last)", .transient))
        } catch let error as AWSError {
            return .failed(deadLetter(event.record, .fetch, .fetchFailed, error.description))
        }
    }

    // MARK: - Dead letters

    private static func isTransient(_ error: any Error) -> Bool {
        (error as? AWSError)?.isRetryable ?? false
    }

    func deadLetter(
        _ record: KafkaRecord, _ stage: DeadLetter.Stage, _ code: DeadLetterCode, _ message: String,
        _ errorClass: DeadLetter.ErrorClass = .permanent
    ) -> DeadLetter {
        // A replayed message carries its dead letter's attempts: this failure is one more.
        let previous = record.header(ReplayHeader.attempts).flatMap(Int.init) ?? 0
        return DeadLetter(
            value: record.value, key: record.key, stage: stage, code: code, message: message, errorClass: errorClass,
            originalTopic: record.topic, originalPartition: record.partition, originalOffset: record.offset,
            attempts: previous + 1, failedAt: ISO8601Timestamp.format(Date(), offsetMinutes: 0),
            workerID: configuration.workerID
        )
    }
}
