import CRdKafka
import Dispatch
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and the context its C callbacks reach through its opaque pointer.
///
/// `@unchecked Sendable` because librdkafka documents every public call on `rd_kafka_t` as
/// thread-safe; the pointer never changes after `init` and is destroyed once, in `deinit`.
final class KafkaClientHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let context: KafkaCallbackContext
    private let unmanagedContext: Unmanaged<KafkaCallbackContext>

    /// Creates a client of `type` from `properties`; `configure` may install further callbacks.
    init(
        type: rd_kafka_type_t,
        properties: [String: String],
        logger: Logger,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else { throw .configuration("rd_kafka_conf_new failed") }
        var errstr = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, key, value, &errstr, errstr.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw .configuration("property \(key)=\(value): \(String(cBuffer: errstr))")
            }
        }
        let context = KafkaCallbackContext(logger: logger)
        let unmanaged = Unmanaged.passRetained(context)
        rd_kafka_conf_set_opaque(conf, unmanaged.toOpaque())
        rd_kafka_conf_set_log_cb(conf, kafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, kafkaErrorCallback)
        configure(conf)
        // On success rd_kafka_new takes ownership of conf; on failure it is still ours.
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            unmanaged.release()
            throw .configuration(String(cBuffer: errstr))
        }
        self.pointer = rk
        self.context = context
        self.unmanagedContext = unmanaged
    }

    deinit {
        // rd_kafka_destroy joins librdkafka's threads, which takes seconds with a broker
        // away: never on the cooperative pool, where the last reference may drop.
        let doomed = DoomedClient(pointer: pointer, context: unmanagedContext)
        DispatchQueue.global().async { doomed.destroy() }
    }

    /// The librdkafka version linked at run time, which operators want in start-up logs.
    static var librdkafkaVersion: String { String(cString: rd_kafka_version_str()) }
}

/// State that librdkafka's callbacks, running on its own threads, share with Swift.
final class KafkaCallbackContext: Sendable {
    let logger: Logger
    /// The last error librdkafka reported about the cluster, added to timeouts' messages
    /// so that "message timed out" says *why* (e.g. "connection refused").
    let lastClusterError = Mutex<String?>(nil)
    /// Partitions currently assigned to a group consumer.
    let assignment = Mutex<Set<KafkaTopicPartition>>([])
    /// Records a producer handed to librdkafka whose delivery report is not yet served.
    let unacknowledgedRecords = Atomic<Int>(0)
    /// Called (on the poll thread) when librdkafka reports the handle dead.
    let onFatalError = Mutex<(@Sendable () -> Void)?>(nil)

    init(logger: Logger) { self.logger = logger }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> KafkaCallbackContext? {
        opaque.map { Unmanaged<KafkaCallbackContext>.fromOpaque($0).takeUnretainedValue() }
    }
}

// MARK: - C callbacks (no captures: they find their context through the opaque pointer)

private let kafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    rk, level, facility, message in
    guard let rk, let context = KafkaCallbackContext.from(rd_kafka_opaque(rk)) else { return }
    let text = message.map { String(cString: $0) } ?? ""
    let fac = facility.map { String(cString: $0) } ?? ""
    let swiftLevel: Logger.Level = switch level {
    case ...2: .critical
    // librdkafka reports every failed connection attempt at level 3, yet it retries
    // them itself: a warning, not an error for the operator.
    case 3, 4: .warning
    case 5, 6: .info
    default: .debug
    }
    context.logger.log(level: swiftLevel, "\(text)", metadata: ["librdkafka.facility": "\(fac)"])
}

private let kafkaErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    _, err, reason, opaque in
    guard let context = KafkaCallbackContext.from(opaque) else { return }
    let text = reason.map { String(cString: $0) } ?? "unknown"
    context.lastClusterError.withLock { $0 = text }
    let code = rd_kafka_resp_err_t(err)
    if code == RD_KAFKA_RESP_ERR__FATAL { context.onFatalError.withLock { $0 }?() }
    // librdkafka's own log line already reports each transport failure.
    guard code != RD_KAFKA_RESP_ERR__TRANSPORT else { return }
    let name = String(cString: rd_kafka_err2name(code))
    context.logger.warning("kafka: \(text)", metadata: ["kafka.error": "\(name)"])
}

extension String {
    /// Decodes a NUL-terminated C buffer that librdkafka filled (an `errstr`).
    init(cBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A client handle on its way out, destroyed off the caller's thread.
///
/// `@unchecked Sendable`: it is created in `deinit`, when nothing else can reach the
/// handle, and used once, by the one closure it is given to.
private struct DoomedClient: @unchecked Sendable {
    let pointer: OpaquePointer
    let context: Unmanaged<KafkaCallbackContext>

    func destroy() {
        rd_kafka_destroy(pointer)
        context.release()
    }
}
