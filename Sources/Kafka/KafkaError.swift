import CRdKafka

/// An error from librdkafka or from this module's use of it.
///
/// `code` is librdkafka's numeric error code (negative for client-side errors such as
/// `_MSG_TIMED_OUT`, positive for broker errors such as `UNKNOWN_TOPIC_OR_PART`) and
/// `name` its stable symbolic name, which is what logs and alerts should match on.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` value, or one of the module's own codes.
    public let code: Int32
    /// Stable symbolic name, e.g. `_MSG_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
    public let name: String
    /// Human-readable explanation, with context added by this module.
    public let message: String
    /// Whether trying the same operation again may succeed.
    public let isRetriable: Bool
    /// Whether the client that raised it can no longer be used.
    public let isFatal: Bool

    public var description: String { "Kafka error \(name) (\(code)): \(message)" }

    init(code: Int32, name: String, message: String, isRetriable: Bool = false, isFatal: Bool = false) {
        self.code = code
        self.name = name
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    /// Wraps a librdkafka response code, with `context` said first.
    init(_ err: rd_kafka_resp_err_t, context: String? = nil) {
        let name = String(cString: rd_kafka_err2name(err))
        let text = String(cString: rd_kafka_err2str(err))
        self.init(
            code: err.rawValue,
            name: name,
            message: context.map { "\($0): \(text)" } ?? text,
            isRetriable: KafkaError.retriableCodes.contains(err)
        )
    }

    /// Takes ownership of an `rd_kafka_error_t` and frees it.
    init(consuming error: OpaquePointer, context: String? = nil) {
        let code = rd_kafka_error_code(error)
        let text = String(cString: rd_kafka_error_string(error))
        self.init(
            code: code.rawValue,
            name: String(cString: rd_kafka_error_name(error)),
            message: context.map { "\($0): \(text)" } ?? text,
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || KafkaError.retriableCodes.contains(code),
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
        rd_kafka_error_destroy(error)
    }

    /// Codes after which the same call may succeed once the cluster recovers.
    private static let retriableCodes: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
    ]

    // MARK: - The module's own errors

    /// A configuration property librdkafka refused.
    static func configuration(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, name: "_INVALID_ARG", message: message)
    }

    /// An operation on a client that was already shut down.
    static func closed(_ what: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__DESTROY.rawValue, name: "_DESTROY", message: "\(what) is closed")
    }

    /// Whether this is librdkafka's `err`.
    public func `is`(_ err: rd_kafka_resp_err_t) -> Bool { code == err.rawValue }

    /// Whether a topic or partition does not exist on the cluster.
    public var isUnknownTopic: Bool {
        self.is(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) || self.is(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
            || self.is(RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
    }
}
