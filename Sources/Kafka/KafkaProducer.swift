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
        /// Batches whose `send` still waits; shutdown fails those librdkafka never reports.
        var waiting: [ObjectIdentifier: KafkaDeliveryBatch] = [:]
    }

    private let handle: KafkaClientHandle
    private let poller: KafkaPollThread
    private let logger: Logger
    private let flushTimeout: Duration
    private let state = Mutex(State())
    private let shutdownOnce = KafkaShutdownOnce()

    package init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.logger = logger
        flushTimeout = configuration.flushTimeout
        handle = try KafkaClientHandle(
            type: RD_KAFKA_PRODUCER, properties: configuration.librdkafkaProperties, logger: logger
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, kafkaDeliveryCallback)
        }
        poller = KafkaPollThread(name: "kafka-producer-poll", handle: handle)
    }

    deinit {
        poller.stop()
    }

    /// The librdkafka version this process loaded.
    package static var librdkafkaVersion: String { KafkaClientHandle.librdkafkaVersion }

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
        await shutdown(timeout: graceful ? flushTimeout : .zero)
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
    /// - Returns: one result per message, in the order given.
    /// - Throws: only when the producer itself cannot be used (closed, fatal error) or the
    ///   task was cancelled; per-record failures, such as a delivery timeout, are in the results.
    package func send(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [Result<KafkaDeliveryReport, KafkaError>] {
        let batch = KafkaDeliveryBatch(count: messages.count)
        let registered = state.withLock { state -> Bool in
            guard state.isOpen else { return false }
            state.waiting[ObjectIdentifier(batch)] = batch
            return true
        }
        guard registered else { throw .closed("producer") }
        defer { _ = state.withLock { $0.waiting.removeValue(forKey: ObjectIdentifier(batch)) } }
        if messages.isEmpty { return [] }
        if Task.isCancelled { throw .cancelled("send") }

        for (index, message) in messages.enumerated() {
            try await enqueue(message, ticket: KafkaDeliveryTicket(batch: batch, index: index))
        }
        return try await batch.results().get()
            .map { result in result.mapError { self.explained($0) } }
    }

    /// Sends and throws the first failure, for callers that need all or nothing.
    package func sendAll(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [KafkaDeliveryReport] {
        try await send(messages).map { result throws(KafkaError) in try result.get() }
    }

    /// Waits until every record enqueued so far is acknowledged, or `timeout` passes.
    package func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let handle = self.handle
        let err = await KafkaBlocking.run { rd_kafka_flush(handle.pointer, Int32(timeout.milliseconds)) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "flush") }
    }

    /// Records handed to librdkafka whose delivery report has not come yet: a gauge for
    /// operators, and what a shutdown would have to flush.
    package var unacknowledgedCount: Int { handle.context.unacknowledgedRecords.load(ordering: .relaxed) }

    // MARK: - Shutting down

    /// Flushes what is pending (up to `timeout`, by default the configured `flushTimeout`),
    /// gives up on what is left, and stops serving delivery reports. Later sends throw.
    ///
    /// Idempotent: a second call, or one after `run()` ended, waits for the first to finish.
    /// Every `send` still waiting when this returns has had its answer.
    package func shutdown(timeout: Duration? = nil) async {
        let timeout = timeout ?? flushTimeout
        await shutdownOnce.run {
            state.withLock { $0.isOpen = false }
            let handle = self.handle
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
            let poller = self.poller
            await KafkaBlocking.run { poller.stop() }
            // Reports librdkafka did not serve in time will never come: answer their senders.
            let waiting = state.withLock { state in
                defer { state.waiting = [:] }
                return Array(state.waiting.values)
            }
            for batch in waiting { batch.failRemaining(with: .closed("producer")) }
        }
    }

    // MARK: - Internals

    private func enqueue(_ message: KafkaOutgoingMessage, ticket: KafkaDeliveryTicket) async throws(KafkaError) {
        while true {
            // Under the lock, so that no record slips into librdkafka after shutdown flushed.
            let error: KafkaError? = state.withLock { state in
                state.isOpen ? produce(message, ticket: ticket) : .closed("producer")
            }
            guard let error else { return }
            if error.code == .queueFull {
                // The local queue drains as the broker acknowledges; wait briefly, retry.
                do { try await Task.sleep(for: .milliseconds(5)) } catch { throw .cancelled("send") }
                continue
            }
            let explained = explained(error)
            ticket.batch.complete(index: ticket.index, with: .failure(explained))
            if explained.isFatal { throw explained }
            return
        }
    }

    /// Hands one record to librdkafka, which copies key, value and headers.
    /// - Returns: why librdkafka refused it, or `nil` once it is enqueued.
    private func produce(_ message: KafkaOutgoingMessage, ticket: KafkaDeliveryTicket) -> KafkaError? {
        let headers = rd_kafka_headers_new(message.headers.count)!
        for header in message.headers {
            header.value.withUnsafeBytes { value in
                _ = rd_kafka_header_add(headers, header.key, -1, value.baseAddress, value.count)
            }
        }
        let opaque = Unmanaged.passRetained(ticket).toOpaque()
        let error: OpaquePointer? = message.topic.withCString { topic in
            message.value.withUnsafeBytes { value in
                (message.key ?? []).withUnsafeBytes { key in
                    var args = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 7)
                    args[0].vtype = RD_KAFKA_VTYPE_TOPIC
                    args[0].u.cstr = topic
                    args[1].vtype = RD_KAFKA_VTYPE_VALUE
                    args[1].u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count)
                    args[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    args[2].u.i = RD_KAFKA_MSG_F_COPY
                    args[3].vtype = RD_KAFKA_VTYPE_HEADERS
                    args[3].u.headers = headers
                    args[4].vtype = RD_KAFKA_VTYPE_OPAQUE
                    args[4].u.ptr = opaque
                    var count = 5
                    if message.key != nil {
                        args[count].vtype = RD_KAFKA_VTYPE_KEY
                        args[count].u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: key.baseAddress), size: key.count)
                        count += 1
                    }
                    if let partition = message.partition {
                        args[count].vtype = RD_KAFKA_VTYPE_PARTITION
                        args[count].u.i32 = partition
                        count += 1
                    }
                    return rd_kafka_produceva(handle.pointer, &args, count)
                }
            }
        }
        guard let error else {
            handle.context.unacknowledgedRecords.add(1, ordering: .relaxed)
            return nil
        }
        // Not enqueued: the headers and the ticket are still ours.
        rd_kafka_headers_destroy(headers)
        Unmanaged<KafkaDeliveryTicket>.fromOpaque(opaque).release()
        if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__FATAL {
            rd_kafka_error_destroy(error)
            return .fatal(of: handle.pointer, context: "produce to \(message.topic)")
        }
        return KafkaError(consuming: error, context: "produce to \(message.topic)")
    }

    /// Adds what librdkafka last said about the cluster to a timeout, so that
    /// "message timed out" carries its cause (e.g. "connection refused").
    private func explained(_ error: KafkaError) -> KafkaError {
        guard error.code == .messageTimedOut || error.code == .transport,
              let cause = handle.context.lastClusterError.withLock({ $0 })
        else { return error }
        return error.adding("last broker error: \(cause)")
    }
}

// MARK: - Delivery bookkeeping

/// Collects the delivery reports of one `send` call and resumes it when all are in.
///
/// The continuation is taken out of the state under the lock by whichever comes first
/// (the last report, cancellation, or shutdown's `failRemaining`), so it is resumed
/// exactly once; reports arriving later only fill in results nobody reads.
final class KafkaDeliveryBatch: Sendable {
    typealias Results = [Result<KafkaDeliveryReport, KafkaError>]
    private typealias Waiter = CheckedContinuation<Result<Results, KafkaError>, Never>

    private struct State {
        var results: [Result<KafkaDeliveryReport, KafkaError>?]
        var remaining: Int
        var isCancelled = false
        var continuation: Waiter?

        var all: Results { results.map { $0! } }
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count))
    }

    func complete(index: Int, with result: Result<KafkaDeliveryReport, KafkaError>) {
        let resume = state.withLock { state -> (Waiter, Results)? in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.all)
        }
        if let (continuation, results) = resume { continuation.resume(returning: .success(results)) }
    }

    /// Gives every record without a report `error`, for reports that will never come.
    func failRemaining(with error: KafkaError) {
        let resume = state.withLock { state -> (Waiter, Results)? in
            for index in state.results.indices where state.results[index] == nil {
                state.results[index] = .failure(error)
            }
            state.remaining = 0
            guard let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.all)
        }
        if let (continuation, results) = resume { continuation.resume(returning: .success(results)) }
    }

    /// Waits for every report, or fails with `cancelled` as soon as the task is cancelled.
    func results() async -> Result<Results, KafkaError> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: Waiter) in
                let ready = state.withLock { state -> Result<Results, KafkaError>? in
                    if state.remaining == 0 { return .success(state.all) }
                    if state.isCancelled { return .failure(.cancelled("send")) }
                    state.continuation = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiting = state.withLock { state -> Waiter? in
                state.isCancelled = true
                defer { state.continuation = nil }
                return state.continuation
            }
            waiting?.resume(returning: .failure(.cancelled("send")))
        }
    }
}

/// Travels through librdkafka as a message's opaque pointer, back to its batch.
final class KafkaDeliveryTicket: Sendable {
    let batch: KafkaDeliveryBatch
    let index: Int

    init(batch: KafkaDeliveryBatch, index: Int) {
        self.batch = batch
        self.index = index
    }
}

private let kafkaDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    rk, message, _ in
    guard let message, let opaque = message.pointee._private else { return }
    let ticket = Unmanaged<KafkaDeliveryTicket>.fromOpaque(opaque).takeRetainedValue()
    if let rk { KafkaCallbackContext.from(rd_kafka_opaque(rk))?.unacknowledgedRecords.subtract(1, ordering: .relaxed) }
    let m = message.pointee
    if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        ticket.batch.complete(
            index: ticket.index,
            with: .success(KafkaDeliveryReport(topic: topic, partition: m.partition, offset: m.offset))
        )
    } else if m.err == RD_KAFKA_RESP_ERR__FATAL, let rk {
        ticket.batch.complete(index: ticket.index, with: .failure(.fatal(of: rk, context: "delivery")))
    } else {
        ticket.batch.complete(index: ticket.index, with: .failure(KafkaError(m.err, context: "delivery")))
    }
}
