import CRdKafka
import Synchronization

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

let kafkaDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
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
    } else if let rk, m.err == RD_KAFKA_RESP_ERR__FATAL || rd_kafka_fatal_error(rk, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR {
        ticket.batch.complete(index: ticket.index, with: .failure(.fatal(of: rk, context: "delivery")))
    } else {
        ticket.batch.complete(index: ticket.index, with: .failure(KafkaError(m.err, context: "delivery")))
    }
}
