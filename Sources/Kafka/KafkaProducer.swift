import CRdKafka
import Foundation
import Logging
import Synchronization

/// Produces records and reports each one's acknowledgement by the broker.
///
/// `send` returns only when the broker has acknowledged every record (or the delivery
/// timeout has passed), so a caller that awaits it knows the records are durable. A
/// dedicated thread serves librdkafka's delivery reports, off Swift's cooperative pool.
public final class KafkaProducer: Sendable {
    private let handle: KafkaClientHandle
    private let poller: KafkaPollThread
    private let logger: Logger
    private let isShutDown = Atomic<Bool>(false)

    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.logger = logger
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
    public static var librdkafkaVersion: String { KafkaClientHandle.librdkafkaVersion }

    /// Sends one record and waits for the broker's acknowledgement.
    public func send(_ message: KafkaOutgoingMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send([message])[0].get()
    }

    /// Sends many records at once and waits until the broker acknowledged or refused each.
    ///
    /// - Returns: one result per message, in the order given.
    /// - Throws: only when the producer itself cannot be used (closed, fatal error);
    ///   per-record failures, such as a delivery timeout, are in the results.
    public func send(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !isShutDown.load(ordering: .acquiring) else { throw .closed("producer") }
        if messages.isEmpty { return [] }
        let batch = KafkaDeliveryBatch(count: messages.count)
        for (index, message) in messages.enumerated() {
            try await enqueue(message, ticket: KafkaDeliveryTicket(batch: batch, index: index))
        }
        return await batch.results()
            .map { result in result.mapError { self.explained($0) } }
    }

    /// Sends and throws the first failure, for callers that need all or nothing.
    public func sendAll(_ messages: [KafkaOutgoingMessage]) async throws(KafkaError) -> [KafkaDeliveryReport] {
        try await send(messages).map { result throws(KafkaError) in try result.get() }
    }

    /// Waits until every record enqueued so far is acknowledged, or `timeout` passes.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let handle = self.handle
        let err = await KafkaBlocking.run { rd_kafka_flush(handle.pointer, Int32(timeout.milliseconds)) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "flush") }
    }

    /// Flushes what is pending and stops the producer. Later sends throw.
    public func shutdown(timeout: Duration = .seconds(30)) async {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        do {
            try await flush(timeout: timeout)
        } catch {
            logger.error("producer shut down with records unacknowledged", metadata: ["error": "\(error)"])
        }
        poller.stop()
    }

    // MARK: - Internals

    private func enqueue(_ message: KafkaOutgoingMessage, ticket: KafkaDeliveryTicket) async throws(KafkaError) {
        while true {
            let err = produce(message, ticket: ticket)
            switch err {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                return
            case RD_KAFKA_RESP_ERR__QUEUE_FULL:
                // The local queue drains as the broker acknowledges; wait briefly, retry.
                try? await Task.sleep(for: .milliseconds(5))
            default:
                let error = explained(KafkaError(err, context: "produce to \(message.topic)"))
                ticket.batch.complete(index: ticket.index, with: .failure(error))
                if error.isFatal { throw error }
                return
            }
        }
    }

    /// Hands one record to librdkafka, which copies key, value and headers.
    private func produce(_ message: KafkaOutgoingMessage, ticket: KafkaDeliveryTicket) -> rd_kafka_resp_err_t {
        let headers = rd_kafka_headers_new(message.headers.count)!
        for header in message.headers {
            header.value.withUnsafeBytes { value in
                _ = rd_kafka_header_add(headers, header.key, -1, value.baseAddress, value.count)
            }
        }
        let opaque = Unmanaged.passRetained(ticket).toOpaque()
        let err: rd_kafka_resp_err_t = message.topic.withCString { topic in
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
                    guard let error = rd_kafka_produceva(handle.pointer, &args, count) else {
                        return RD_KAFKA_RESP_ERR_NO_ERROR
                    }
                    let code = rd_kafka_error_code(error)
                    rd_kafka_error_destroy(error)
                    return code
                }
            }
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            // Not enqueued: the headers and the ticket are still ours.
            rd_kafka_headers_destroy(headers)
            Unmanaged<KafkaDeliveryTicket>.fromOpaque(opaque).release()
        }
        return err
    }

    /// Adds what librdkafka last said about the cluster to a timeout, so that
    /// "message timed out" carries its cause (e.g. "connection refused").
    private func explained(_ error: KafkaError) -> KafkaError {
        guard error.is(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT) || error.is(RD_KAFKA_RESP_ERR__TRANSPORT),
              let cause = handle.context.lastClusterError.withLock({ $0 })
        else { return error }
        return KafkaError(
            code: error.code, name: error.name, message: "\(error.message) (last broker error: \(cause))",
            isRetriable: error.isRetriable, isFatal: error.isFatal
        )
    }
}

// MARK: - Delivery bookkeeping

/// Collects the delivery reports of one `send` call and resumes it when all are in.
final class KafkaDeliveryBatch: Sendable {
    private struct State {
        var results: [Result<KafkaDeliveryReport, KafkaError>?]
        var remaining: Int
        var continuation: CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count))
    }

    func complete(index: Int, with result: Result<KafkaDeliveryReport, KafkaError>) {
        let resume = state.withLock { state -> (CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>, [Result<KafkaDeliveryReport, KafkaError>])? in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.results.map { $0! })
        }
        if let (continuation, results) = resume { continuation.resume(returning: results) }
    }

    func results() async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [Result<KafkaDeliveryReport, KafkaError>]? in
                if state.remaining == 0 { return state.results.map { $0! } }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
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
    _, message, _ in
    guard let message, let opaque = message.pointee._private else { return }
    let ticket = Unmanaged<KafkaDeliveryTicket>.fromOpaque(opaque).takeRetainedValue()
    let m = message.pointee
    if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        ticket.batch.complete(
            index: ticket.index,
            with: .success(KafkaDeliveryReport(topic: topic, partition: m.partition, offset: m.offset))
        )
    } else {
        ticket.batch.complete(index: ticket.index, with: .failure(KafkaError(m.err, context: "delivery")))
    }
}
