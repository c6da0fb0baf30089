import Logging
import Retrying

/// Writes any number of items to one table with `BatchWriteItem`: deduplicated, split into
/// requests of at most 25, sent concurrently, retried with backoff, reported per item.
///
/// - Duplicates: items with the same key are collapsed, the **last** one wins (the input
///   is assumed to be in arrival order); earlier ones are reported `.superseded`.
///   DynamoDB would reject the whole request otherwise.
/// - Retries, each followed by a full-jitter `Backoff` delay, up to `maxAttempts` sends
///   per request: `UnprocessedItems` (only those items are re-sent); throttling, 5xx and
///   transport errors (the whole request).
/// - Permanent errors (`ValidationException`, …) reject a whole request, so the request is
///   split in halves until the offending items are alone: only they are reported failed.
///
/// ```swift
/// let writer = BatchWriter(sender: dynamo, table: "Invoices", keyAttributes: ["pk"])
/// let report = await writer.write(items)
/// for (index, error) in report.failures { deadLetter(batch[index], error) }
/// ```
package struct BatchWriter: Sendable {
    /// Limits and retry budget.
    package struct Configuration: Sendable {
        /// Items per request, 1…25. Default: 25.
        package var maxItemsPerRequest = DynamoDBClient.maxBatchWriteItems
        /// Requests in flight at once. Default: 4.
        package var maxConcurrentRequests = 4
        /// Sends of one request, the first included, before its items fail. Default: 10.
        package var maxAttempts = 10
        /// Default: 50 ms base, 5 s cap.
        package var backoff = Backoff()

        package init() {}
    }

    /// One retry about to happen, for metrics and logs.
    package struct Retry: Sendable {
        /// Why the request is re-sent.
        package enum Reason: Sendable {
            case unprocessedItems
            case error(AWSError)
        }

        package var reason: Reason
        /// The attempt that failed (1 for the first send).
        package var attempt: Int
        /// Items being re-sent.
        package var itemCount: Int
        /// The backoff before the re-send.
        package var delay: Duration
    }

    let sender: any DynamoBatchWriting
    package let table: String
    /// The table's key attributes, which identify duplicates and unprocessed items.
    package let keyAttributes: [String]
    package let configuration: Configuration
    let random: @Sendable () -> Double
    let sleep: @Sendable (Duration) async throws -> Void
    let onRetry: @Sendable (Retry) -> Void

    /// - Parameters:
    ///   - sender: Sends one request; usually a `DynamoDBClient`.
    ///   - table: The table all items go to.
    ///   - keyAttributes: The table's key attribute names, e.g. `["pk"]`.
    ///   - configuration: Limits and retry budget.
    ///   - random: Jitter source, uniform in `[0, 1)`. Default: the system generator.
    ///   - sleep: Waits a backoff delay. Default: `Task.sleep`.
    ///   - onRetry: Called before every retry (from concurrent tasks). Default: nothing.
    package init(
        sender: any DynamoBatchWriting, table: String, keyAttributes: [String],
        configuration: Configuration = Configuration(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        onRetry: @escaping @Sendable (Retry) -> Void = { _ in }
    ) {
        self.sender = sender
        self.table = table
        self.keyAttributes = keyAttributes
        self.configuration = configuration
        self.random = random
        self.sleep = sleep
        self.onRetry = onRetry
    }

    /// Writes `items`; never throws: every item's fate is in the report.
    package func write(_ items: [DynamoItem]) async -> BatchWriteReport {
        let plan = BatchPlan(items: items, keyAttributes: keyAttributes, batchSize: configuration.maxItemsPerRequest)
        var report = BatchWriteReport(outcomes: plan.presetOutcomes)
        let width = max(1, configuration.maxConcurrentRequests)
        await withTaskGroup(of: ChunkResult.self) { group in
            var next = 0
            var inFlight = 0
            while next < plan.batches.count || inFlight > 0 {
                while inFlight < width, next < plan.batches.count {
                    let batch = plan.batches[next]
                    next += 1
                    inFlight += 1
                    group.addTask { await self.send(batch) }
                }
                if let result = await group.next() {
                    inFlight -= 1
                    result.apply(to: &report)
                }
            }
        }
        return report
    }

    // MARK: - One request

    /// Sends one batch until every entry is written or has failed.
    ///
    /// Each attempt sends what is still pending, so a retry re-sends only the items
    /// DynamoDB left unprocessed; throttling, 5xx and transport errors re-send them all.
    private func send(_ batch: [BatchPlan.Entry]) async -> ChunkResult {
        var result = ChunkResult()
        var pending = batch
        let policy = RetryPolicy(
            budget: configuration.maxAttempts, backoff: configuration.backoff, jitter: random, sleep: sleep
        )
        do {
            try await policy.run(
                "DynamoDB BatchWriteItem on \(table)", logger: Self.silent, isTransient: Self.isTransient,
                onRetry: { retry in
                    let reason = Self.reason(retry.error)
                    self.onRetry(Retry(reason: reason, attempt: retry.attempt, itemCount: pending.count, delay: retry.delay))
                    result.retries += 1
                    if case .unprocessedItems = reason { result.unprocessedRetries += 1 }
                }
            ) {
                result.requests += 1
                let unprocessed: [DynamoWriteRequest]
                do {
                    unprocessed = try await sender.batchWriteItem(table: table, requests: pending.map { .put($0.item) })
                } catch let error as AWSError {
                    if error.isThrottling { result.throttledRequests += 1 }
                    throw error
                }
                let leftKeys = Set(unprocessed.compactMap { request -> [DynamoValue]? in
                    guard case let .put(item) = request else { return nil }
                    return BatchPlan.key(of: item, attributes: keyAttributes)
                })
                for entry in pending where !leftKeys.contains(entry.key) { result.outcomes.append((entry.index, .written)) }
                pending = pending.filter { leftKeys.contains($0.key) }
                if !pending.isEmpty { throw ItemsLeftUnprocessed() }
            }
        } catch let RetryError.exhausted(attempts, last) {
            result.fail(pending, with: Self.exhausted(Self.reason(last), attempts: attempts))
        } catch RetryError.shuttingDown {
            result.fail(pending, with: Self.cancelled)
        } catch let error as AWSError {
            // Not retryable: a request is rejected whole for one bad item.
            return result.merging(await isolateFailures(pending, error: error))
        } catch is CancellationError {
            result.fail(pending, with: Self.cancelled)
        } catch {
            // `DynamoDBClient` throws only AWSError; another sender's error is unknown, so permanent.
            result.fail(pending, with: AWSError(kind: .invalidResponse, code: "UnknownError", message: "\(error)", service: "DynamoDB"))
        }
        return result
    }

    /// What a send that wrote only part of its items throws, so that the retry policy
    /// re-sends the rest.
    private struct ItemsLeftUnprocessed: Error {}

    private static func isTransient(_ error: any Error) -> Bool {
        error is ItemsLeftUnprocessed || (error as? AWSError)?.isRetryable == true
    }

    private static func reason(_ error: any Error) -> Retry.Reason {
        (error as? AWSError).map(Retry.Reason.error) ?? .unprocessedItems
    }

    /// The writer reports every retry through `onRetry` and every failure in its report;
    /// its caller decides what is worth a log line, so the retries themselves are silent.
    private static let silent = Logger(label: "aws.dynamodb.batch-writer") { _ in SwiftLogNoOpLogHandler() }

    /// The error reported for items still pending when the attempts run out: the last
    /// error, or ours for items DynamoDB kept leaving unprocessed. Both are retryable.
    private static func exhausted(_ reason: Retry.Reason, attempts: Int) -> AWSError {
        switch reason {
        case let .error(error):
            return error
        case .unprocessedItems:
            return AWSError(
                kind: .service, code: "UnprocessedItems",
                message: "DynamoDB left the item unprocessed \(attempts) times", service: "DynamoDB"
            )
        }
    }

    /// After a permanent error, finds the entries at fault by halving: a request is
    /// rejected whole for one bad item, and only bad items may be dead-lettered.
    private func isolateFailures(_ entries: [BatchPlan.Entry], error: AWSError) async -> ChunkResult {
        guard entries.count > 1 else {
            var result = ChunkResult()
            result.fail(entries, with: error)
            return result
        }
        let middle = entries.count / 2
        let first = await send(Array(entries[..<middle]))
        return first.merging(await send(Array(entries[middle...])))
    }

    private static let cancelled = AWSError(
        kind: .transport, code: "Cancelled", message: "the write was cancelled before it completed", service: "DynamoDB"
    )
}
