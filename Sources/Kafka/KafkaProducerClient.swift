import CRdKafka
import Logging

/// One librdkafka producer handle and the thread that serves its delivery reports.
///
/// `KafkaProducer` holds one at a time and makes a new one when librdkafka declares the
/// current one dead (a fatal error); `generation` tells them apart.
final class KafkaProducerClient: Sendable {
    let handle: KafkaClientHandle
    let poller: KafkaPollThread
    let generation: Int

    init(configuration: KafkaProducerConfiguration, logger: Logger, generation: Int) throws(KafkaError) {
        handle = try KafkaClientHandle(
            type: RD_KAFKA_PRODUCER, properties: configuration.librdkafkaProperties, logger: logger
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, kafkaDeliveryCallback)
        }
        poller = KafkaPollThread(name: "kafka-producer-poll", handle: handle)
        self.generation = generation
    }

    deinit {
        poller.stop()
    }

    /// Fails every record the handle still holds (their senders get `purged…` reports)
    /// and stops serving it. Blocking: call it off the cooperative pool.
    func retire() {
        rd_kafka_purge(handle.pointer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
        // Serves the purged records' reports before the poll thread stops.
        rd_kafka_flush(handle.pointer, 500)
        poller.stop()
    }

    /// Hands one record to librdkafka, which copies key, value and headers.
    /// - Returns: why librdkafka refused it, or `nil` once it is enqueued.
    func produce(_ message: KafkaOutgoingMessage, ticket: KafkaDeliveryTicket) -> KafkaError? {
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
    func explained(_ error: KafkaError) -> KafkaError {
        guard error.code == .messageTimedOut || error.code == .transport,
              let cause = handle.context.lastClusterError.withLock({ $0 })
        else { return error }
        return error.adding("last broker error: \(cause)")
    }
}
