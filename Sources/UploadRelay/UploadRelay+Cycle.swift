import AWSClients
import Foundation
import Kafka
import Metrics
import Retrying
import ServiceLifecycle

extension UploadRelay {
    /// Receives one batch, produces its records, waits for the broker, and deletes the
    /// messages whose records were all acknowledged.
    ///
    /// Failed produces are retried with backoff while the messages' visibility timeout
    /// leaves time; after that (or on shutdown) the rest is left in the queue, to be
    /// received again.
    ///
    /// - Parameters:
    ///   - poller: Number of the calling poller, for logs.
    ///   - deletingAfterAcknowledgement: `false` stops after the acknowledgement, as a
    ///     relay killed just before deleting would: tests use it to show redelivery.
    /// - Throws: when the queue cannot be read (the caller backs off).
    @discardableResult
    package func relayCycle(poller: Int = 0, deletingAfterAcknowledgement: Bool = true) async throws -> RelayCycleOutcome {
        let queueURL = try await queueURL()
        let receiveStart = ContinuousClock.now
        // Only the long poll is cut short by shutdown: a received batch is always finished.
        let messages = try await cancelWhenGracefulShutdown { [queue, configuration] in
            try await queue.receiveMessages(
                queueURL: queueURL, maxMessages: configuration.maxMessages,
                waitTimeSeconds: configuration.waitTimeSeconds, visibilityTimeout: configuration.visibilityTimeoutSeconds
            )
        }
        let received = ContinuousClock.now
        metrics.pollLatency.record(duration: received - receiveStart)
        tally.set("receive", problem: nil)
        metrics.queueAge.record(SQSMessage.oldestAgeSeconds(of: messages, nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
        var outcome = RelayCycleOutcome()
        guard !messages.isEmpty else { return outcome }
        outcome.received = messages.count
        metrics.received.increment(by: messages.count)

        // Leave a margin so that a deletion is not sent after the messages reappeared.
        let visibility = Duration.seconds(configuration.visibilityTimeoutSeconds)
        let deadline = received + visibility - min(.seconds(2), visibility / 4)
        var plan = RelayPlan(
            messages: messages, uploadsTopic: settings.uploadsTopic, deadLetterTopic: settings.deadLetterTopic,
            queueName: settings.queue, relayID: configuration.relayID
        )
        outcome.testEvents = plan.testEvents
        metrics.testEvents.increment(by: plan.testEvents)
        await produce(&plan, outcome: &outcome, deadline: deadline, queueURL: queueURL, deleting: deletingAfterAcknowledgement)

        tally.add {
            $0.received += outcome.received
            $0.relayed += outcome.relayed
            $0.deadLettered += outcome.deadLettered
            $0.testEvents += outcome.testEvents
            $0.deleted += outcome.deleted
        }
        let elapsed = ContinuousClock.now - received
        metrics.relayLatency.record(duration: elapsed)
        logger.debug("poll", metadata: [
            "poller": "\(poller)", "messages": "\(outcome.received)", "events": "\(outcome.relayed)",
            "dead_lettered": "\(outcome.deadLettered)", "test_events": "\(outcome.testEvents)",
            "deleted": "\(outcome.deleted)", "abandoned": "\(outcome.abandoned)",
            "receive_ms": "\((received - receiveStart).wholeMilliseconds)", "relay_ms": "\(elapsed.wholeMilliseconds)",
        ])
        return outcome
    }

    /// Produces the plan's records until all are acknowledged or time runs out, deleting
    /// each message as soon as its records are in.
    private func produce(
        _ plan: inout RelayPlan, outcome: inout RelayCycleOutcome, deadline: ContinuousClock.Instant,
        queueURL: String, deleting: Bool
    ) async {
        var pending = Array(plan.items.indices)
        var finished = Array(repeating: false, count: plan.messages.count)
        // Retrying stops before the messages reappear, and at once on shutdown: what is
        // left stays in the queue for the next receive.
        let policy = RetryPolicy(deadline: deadline - ContinuousClock.now, backoff: configuration.retryBackoff)
        do {
            try await policy.run(
                "producing \(pending.count) records", logger: logger,
                // A fatal error too: the producer has replaced its dead handle by then.
                isTransient: { ($0 as? KafkaError)?.isClosed == false },
                onRetry: { [metrics] _ in metrics.produceRetries.increment() }
            ) {
                let results: [Result<KafkaDeliveryReport, KafkaError>]
                do throws(KafkaError) {
                    results = try await producer.send(pending.map { plan.items[$0].message })
                } catch {
                    // The producer could not take the records (closed at shutdown, or its
                    // handle died and was replaced: the retry goes to the new one).
                    tally.set("produce", problem: "\(error)")
                    logger.error("cannot produce; messages stay in the queue", metadata: ["error": "\(error)"])
                    results = pending.map { _ in .failure(error) }
                }
                var failed: [Int] = []
                var lastError: KafkaError?
                for (index, result) in zip(pending, results) {
                    let item = plan.items[index]
                    switch result {
                    case .success:
                        plan.unacknowledged[item.owner] -= 1
                        if let code = item.deadLetterCode {
                            outcome.deadLettered += 1
                            metrics.deadLettered(code: code)
                        } else {
                            outcome.relayed += 1
                            metrics.relayed.increment()
                        }
                    case let .failure(error):
                        failed.append(index)
                        lastError = error
                    }
                }
                let complete = plan.messages.indices.filter { !finished[$0] && plan.unacknowledged[$0] == 0 }
                for owner in complete { finished[owner] = true }
                if deleting {
                    outcome.deleted += await delete(complete.map { plan.messages[$0] }, queueURL: queueURL, deadline: deadline)
                }
                pending = failed
                guard let lastError else {
                    tally.set("produce", problem: nil)
                    return
                }
                tally.set("produce", problem: "\(lastError)")
                throw lastError
            }
        } catch {
            // The deadline, shutdown, or a closed producer.
            logger.warning("could not produce every record in time; their messages stay in the queue and return after the visibility timeout", metadata: [
                "records": "\(pending.count)", "messages": "\(finished.filter { !$0 }.count)", "error": "\(error)",
            ])
        }
        outcome.abandoned = deleting ? finished.filter { !$0 }.count : plan.messages.count
    }

    /// Deletes messages, retrying transient failures until `deadline`.
    /// - Returns: how many were deleted. The others return later and are relayed again.
    private func delete(_ messages: [SQSMessage], queueURL: String, deadline: ContinuousClock.Instant) async -> Int {
        guard !messages.isEmpty else { return 0 }
        // Entry ids only need to be unique within the call.
        let entries = messages.enumerated().map { (id: String($0.offset), receiptHandle: $0.element.receiptHandle) }
        let policy = RetryPolicy(deadline: deadline - ContinuousClock.now, backoff: configuration.retryBackoff)
        let result: SQSBatchResult
        do {
            result = try await policy.run(
                "deleting \(messages.count) relayed messages", logger: logger,
                isTransient: { ($0 as? AWSError)?.isRetryable ?? false }
            ) {
                do {
                    let result = try await queue.deleteMessageBatch(queueURL: queueURL, entries: entries)
                    tally.set("delete", problem: nil)
                    return result
                } catch {
                    tally.set("delete", problem: "\(error)")
                    throw error
                }
            }
        } catch {
            metrics.deleteFailures.increment(by: messages.count)
            logger.warning("cannot delete relayed messages; they will be relayed again", metadata: [
                "messages": "\(messages.count)", "error": "\(error)",
            ])
            return 0
        }
        if !result.failed.isEmpty {
            metrics.deleteFailures.increment(by: result.failed.count)
            logger.warning("some messages were not deleted; they will be relayed again", metadata: [
                "failed": "\(result.failed.count)", "first_error": "\(result.failed[0].code): \(result.failed[0].message)",
            ])
        }
        metrics.deleted.increment(by: result.successful.count)
        return result.successful.count
    }
}
