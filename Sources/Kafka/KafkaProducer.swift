import CRdKafka
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Produces records and reports each one's acknowledgement by the broker.
///
/// `send` returns only when the broker has acknowledged every record (or the delivery
/// timeout has passed), so a caller that awaits it knows the records are durable. A
/// dedicated thread serves librdkafka's delivery reports, off Swift's cooperative pool.
///
/// As a `Service`, `run()` keeps the producer open until graceful shutdown (or
/// cancellation) and then shuts it down: put it *before* its users in a `ServiceGroup`,
/// so that they stop first and their last records are flushed.
package final class KafkaProducer: Sendable, Service {
    private struct State {
        var isOpen = true
        /// The live librdkafka handle; replaced when it dies of a fatal error.
        var client: KafkaProducerClient
        /// Batches whose `send` still waits, with the generation of the handle they went
        /// to; shutdown and retirement fail those librdkafka never reports.
        var waiting: [ObjectIdentifier: (batch: KafkaDeliveryBatch, generation: Int)] = [:]
    }

    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    private let state: Mutex<State>
    private let shutdownOnce = KafkaShutdownOnce()

    package init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        state = Mutex(State(client: try KafkaProducerClient(configuration: configuration, logger: logger, generation: 1)))
        watchForFatalErrors(state.withLock { $0.client })
    }

    /// The librdkafka version this process loaded.
    package static var librdkafkaVersion: String { KafkaClientHandle.librdkafkaVersion }

    /// How many librdkafka handles this producer has had: 1, plus one per fatal error it
    /// recovered from.
    package var handleGeneration: Int { current.generation }

    private var current: KafkaProducerClient { state.withLock { $0.client } }

    // MARK: - Service

    /// Waits for graceful shutdown or cancellation, then shuts the producer down.
    ///
    /// On graceful shutdown, records not yet acknowledged get up to the configured
    /// `flushTimeout`; on cancellation they are not waited for (their senders get
    /// `purgedFromQueue`/`purgedInFlight` failures).
    package func run() async throws {
        let graceful: Bool
        do {
            try await gracefulShutdown()
            graceful = true
        } catch {
            graceful = false
        }
        await shutdown(timeout: graceful ? configuration.flushTimeout : .zero)
    }

    // MARK: - Sending

    /// Sends one record and waits for the broker's acknowledgement.
    ///
    /// - Throws: the record's delivery failure, or `cancelled` (see `send(_:)` for arrays).
    package func send(_ message: KafkaOutgoingMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send([message])[0].get()
    }

    /// Sends many records at once and waits until the broker acknowledged or refused each.
    ///
    /// Cancelling the calling task ends the wait promptly with `cancelled`. Records
    /// already handed to librdkafka are not recalled: they may still be delivered, so a
    /// caller that retries after a cancellation may produce duplicates.
    ///
    /// A fatal error, or a broker that fenced this idempotent producer (see
    /// `KafkaError.requiresNewProducer`), leaves librdkafka's handle unable to deliver
    /// for good. The producer then replaces it with a new one: the records the dead
    /// handle held fail (fatal, fenced, or purged), and sending them again goes to the
    /// new handle. Retrying on the dead handle would fail for ever.
    /// - Returns: one result per message, in the order given.
    /// - Throws: only when the producer itself cannot take the records (closed, or a fatal
    ///   error met while handing them over, after which a retry uses the new handle) or
    ///   the task was cancelled; per-record failures, such as a delivery timeout, are in
    ///   the results.
    package func send(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [Result<KafkaDeliveryReport, KafkaError>] {
        let batch = KafkaDeliveryBatch(count: messages.count)
        let client = state.withLock { state -> KafkaProducerClient? in
            guard state.isOpen else { return nil }
            state.waiting[ObjectIdentifier(batch)] = (batch, state.client.generation)
            return state.client
        }
        guard let client else { throw .closed("producer") }
        defer { _ = state.withLock { $0.waiting.removeValue(forKey: ObjectIdentifier(batch)) } }
        if messages.isEmpty { return [] }
        if Task.isCancelled { throw .cancelled("send") }

        for (index, message) in messages.enumerated() {
            do {
                try await enqueue(message, ticket: KafkaDeliveryTicket(batch: batch, index: index), client: client)
            } catch {
                if error.requiresNewProducer { replace(client, after: error) }
                throw error
            }
        }
        let results = try await batch.results().get().map { result in result.mapError { client.explained($0) } }
        if let dead = results.lazy.compactMap({ $0.failure }).first(where: \.requiresNewProducer) { replace(client, after: dead) }
        return results
    }

    /// Sends and throws the first failure, for callers that need all or nothing.
    package func sendAll(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [KafkaDeliveryReport] {
        try await send(messages).map { result throws(KafkaError) in try result.get() }
    }

    /// Waits until every record enqueued so far is acknowledged, or `timeout` passes.
    package func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let handle = current.handle
        let err = await KafkaBlocking.run { rd_kafka_flush(handle.pointer, Int32(timeout.milliseconds)) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "flush") }
    }

    /// Records handed to librdkafka whose delivery report has not come yet: a gauge for
    /// operators, and what a shutdown would have to flush.
    package var unacknowledgedCount: Int { current.handle.context.unacknowledgedRecords.load(ordering: .relaxed) }

    /// Makes librdkafka declare the current handle dead, as a fenced producer would be:
    /// for tests of the recovery (librdkafka offers no other way to cause one at will).
    package func simulateFatalError(_ reason: String) {
        _ = rd_kafka_test_fatal_error(current.handle.pointer, RD_KAFKA_RESP_ERR_PRODUCER_FENCED, reason)
    }

    // MARK: - Shutting down

    /// Flushes what is pending (up to `timeout`, by default the configured `flushTimeout`),
    /// gives up on what is left, and stops serving delivery reports. Later sends throw.
    ///
    /// Idempotent: a second call, or one after `run()` ended, waits for the first to finish.
    /// Every `send` still waiting when this returns has had its answer.
    package func shutdown(timeout: Duration? = nil) async {
        let timeout = timeout ?? configuration.flushTimeout
        await shutdownOnce.run {
            let client = state.withLock { state in
                state.isOpen = false
                return state.client
            }
            let handle = client.handle
            let unacknowledged: Int32 = await KafkaBlocking.run {
                rd_kafka_flush(handle.pointer, Int32(timeout.milliseconds))
                let left = rd_kafka_outq_len(handle.pointer)
                guard left > 0 else { return 0 }
                // Fail what is left now, rather than leave its senders waiting for ever.
                rd_kafka_purge(handle.pointer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
                rd_kafka_flush(handle.pointer, 1000)
                return left
            }
            if unacknowledged > 0 {
                logger.error("producer shut down with records unacknowledged", metadata: ["records": "\(unacknowledged)"])
            }
            await KafkaBlocking.run { client.poller.stop() }
            // Reports librdkafka did not serve in time will never come: answer their senders.
            failWaiting(with: .closed("producer")) { _ in true }
        }
    }

    // MARK: - Fatal errors

    /// Replaces `failed` with a new handle, unless another caller already did, and
    /// retires it: what it still holds fails, so that its senders re-send.
    private func replace(_ failed: KafkaProducerClient, after error: KafkaError) {
        let replacement: Result<KafkaProducerClient, KafkaError>? = state.withLock { state in
            guard state.isOpen, state.client === failed else { return nil }
            do throws(KafkaError) {
                state.client = try KafkaProducerClient(configuration: configuration, logger: logger, generation: failed.generation + 1)
                return .success(state.client)
            } catch {
                return .failure(error)
            }
        }
        switch replacement {
        case nil: return
        case let .failure(creation):
            logger.critical("producer handle is dead and a new one cannot be created", metadata: [
                "error": "\(error)", "creation_error": "\(creation)",
            ])
            return
        case let .success(client):
            watchForFatalErrors(client)
            logger.error("producer handle can no longer deliver (fatal error, or fenced by the broker); replaced it: records it had not delivered fail and are sent again by their senders", metadata: [
                "error": "\(error)", "generation": "\(client.generation)",
            ])
        }
        DispatchQueue.global().async { [self] in
            failed.retire()
            failWaiting(with: error) { $0 == failed.generation }
        }
    }

    /// Replaces the handle as soon as librdkafka reports it dead, even with no send in
    /// flight: a send waiting on it would otherwise wait for its delivery timeout.
    private func watchForFatalErrors(_ client: KafkaProducerClient) {
        client.handle.context.onFatalError.withLock { action in
            action = { [weak self, weak client] in
                guard let self, let client else { return }
                // Called on the handle's poll thread, which retiring the handle stops.
                DispatchQueue.global().async {
                    self.replace(client, after: .fatal(of: client.handle.pointer, context: "producer"))
                }
            }
        }
    }

    /// Gives every waiting batch sent to a generation `matching` accepts `error` for its
    /// records without a report.
    private func failWaiting(with error: KafkaError, matching: (Int) -> Bool) {
        let batches = state.withLock { state in
            let matched = state.waiting.filter { matching($0.value.generation) }
            for key in matched.keys { state.waiting.removeValue(forKey: key) }
            return matched.values.map(\.batch)
        }
        for batch in batches { batch.failRemaining(with: error) }
    }

    // MARK: - Internals

    private func enqueue(_ message: KafkaOutgoingMessage, ticket: KafkaDeliveryTicket, client: KafkaProducerClient) async throws(KafkaError) {
        while true {
            // Under the lock, so that no record slips into librdkafka after shutdown flushed.
            let error: KafkaError? = state.withLock { state in
                state.isOpen ? client.produce(message, ticket: ticket) : .closed("producer")
            }
            guard let error else { return }
            if error.code == .queueFull {
                // The local queue drains as the broker acknowledges; wait briefly, retry.
                do { try await Task.sleep(for: .milliseconds(5)) } catch { throw .cancelled("send") }
                continue
            }
            let explained = client.explained(error)
            ticket.batch.complete(index: ticket.index, with: .failure(explained))
            if explained.isFatal { throw explained }
            return
        }
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
