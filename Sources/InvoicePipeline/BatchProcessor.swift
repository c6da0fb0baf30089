import AWSClients
import FleetContracts
import Foundation
import InvoiceDomain
import Kafka
import Logging
import Metrics
import Retrying

/// Turns one batch of `invoice-uploads` messages into outcomes: decode, fetch (concurrently),
/// validate, deduplicate, write (BatchWriteItem). Publishing and committing are the
/// worker's; this type does no Kafka I/O.
struct BatchProcessor: Sendable {
    let objects: any ObjectFetching
    let writer: BatchWriter
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

    /// - Throws: `RetryError.shuttingDown` if shutdown began during an outage;
    ///   the batch must then be left uncommitted.
    func process(_ records: [KafkaRecord]) async throws -> BatchOutcome {
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
        var valid: [(event: UploadEvent, object: S3Object, invoice: Invoice)] = []
        let now = Date()
        for (event, result) in zip(uploads, fetched) {
            switch result {
            case let .failed(letter):
                outcome.deadLetters.append(letter)
            case let .fetched(object):
                let validation = object.body.withUnsafeReadableBytes { validator.validate($0, now: now) }
                switch validation {
                case let .success(invoice):
                    valid.append((event, object, invoice))
                case let .failure(rejection):
                    let stage: DeadLetter.Stage = rejection.stage == .parse ? .parse : .validate
                    outcome.deadLetters.append(deadLetter(event.record, stage, DeadLetterCode(rejection.code), rejection.message))
                }
            }
        }

        let resolution = BatchDeduplicator.resolve(valid.map(\.invoice))
        for index in resolution.conflicting {
            let entry = valid[index]
            outcome.deadLetters.append(deadLetter(
                entry.event.record, .validate, .accessKeyConflict,
                "access key \(entry.invoice.accessKey) occurs in this batch with different content (s3://\(entry.event.bucket)/\(entry.event.key))"
            ))
        }
        let storedAt = ISO8601Timestamp.format(now, offsetMinutes: 0)
        let toWrite = resolution.toWrite.map { valid[$0] }
        let failedKeys = try await write(toWrite.map { entry in
            InvoiceTable.item(
                for: entry.invoice,
                source: InvoiceSource(bucket: entry.event.bucket, key: entry.event.key, eTag: entry.object.eTag),
                storedAt: storedAt
            )
        })

        let conflicting = Set(resolution.conflicting)
        for (index, entry) in valid.enumerated() where !conflicting.contains(index) {
            if let failure = failedKeys[entry.invoice.accessKey] {
                outcome.deadLetters.append(deadLetter(entry.event.record, .write, failure.code, failure.message, failure.errorClass))
                continue
            }
            outcome.stored.append(.init(record: entry.event.record, processed: ProcessedInvoice(
                accessKey: entry.invoice.accessKey, invoiceNumber: entry.invoice.invoiceNumber,
                bucket: entry.event.bucket, key: entry.event.key, eTag: entry.object.eTag,
                storedAt: storedAt, workerId: configuration.workerID
            )))
        }
        return outcome
    }

    // MARK: - Fetching

    /// Fetches every object with at most `fetchConcurrency` downloads in flight; results in input order.
    private enum FetchResult: Sendable {
        case fetched(S3Object)
        case failed(DeadLetter)
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
                try await objects.getObject(bucket: event.bucket, key: event.key, maxBytes: configuration.maxFileSize)
            }
            return .fetched(object)
        } catch let error as S3ObjectError {
            switch error {
            case .noSuchKey:
                return .failed(deadLetter(event.record, .fetch, .objectNotFound, error.description))
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

    // MARK: - Writing

    private struct WriteFailure {
        var code: DeadLetterCode
        var message: String
        var errorClass: DeadLetter.ErrorClass
    }

    /// Writes the items, retrying transient failures by the worker's budget.
    ///
    /// Each attempt (a round) re-sends only the items whose last failure was retryable;
    /// items DynamoDB rejected are out at once, so a poison item never holds up the rest.
    /// - Returns: the access keys that could not be written, with why.
    /// - Throws: `RetryError.shuttingDown` if shutdown began while DynamoDB was failing.
    private func write(_ items: [DynamoItem]) async throws -> [String: WriteFailure] {
        var pending = items
        var lastErrors: [AWSError] = []
        var failures: [String: WriteFailure] = [:]
        do {
            try await retryPolicy.run(
                "DynamoDB write", logger: logger, isTransient: { $0 is UnwrittenItems },
                onRetry: { _ in metrics.transientRetries.increment() }
            ) {
                let report = await writer.write(pending)
                var retryable: [DynamoItem] = []
                lastErrors = []
                for (index, error) in report.failures {
                    if error.isRetryable {
                        retryable.append(pending[index])
                        lastErrors.append(error)
                    } else {
                        failures[Self.key(of: pending[index])] = WriteFailure(code: .writeRejected, message: error.description, errorClass: .permanent)
                    }
                }
                pending = retryable
                if let first = lastErrors.first { throw UnwrittenItems(count: pending.count, first: first) }
            }
        } catch let RetryError.exhausted(rounds, _) {
            for (item, error) in zip(pending, lastErrors) {
                failures[Self.key(of: item)] = WriteFailure(code: .dynamoDBUnavailable, message: "gave up after \(rounds) rounds: \(error)", errorClass: .transient)
            }
        }
        return failures
    }

    /// A round of writes that left retryable failures behind: what the retry policy sees.
    private struct UnwrittenItems: Error, CustomStringConvertible {
        var count: Int
        var first: AWSError
        var description: String { "\(count) items not written, e.g. \(first)" }
    }

    private static func key(of item: DynamoItem) -> String {
        item[InvoiceTable.Attribute.partitionKey]?.stringValue ?? ""
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
