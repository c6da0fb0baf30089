import CRdKafka

/// An error from librdkafka or from this module's use of it.
///
/// Callers match on `code` (a Swift value, so that no librdkafka numbering leaks out of
/// this module) and decide what to do from `isRetriable` and `isFatal`.
package struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable value; its `description` is librdkafka's symbolic name
    /// (e.g. `_MSG_TIMED_OUT`), which is what logs and alerts should match on.
    package let code: Code
    /// Human-readable explanation, with context added by this module.
    package let message: String
    /// Whether trying the same operation again may succeed.
    package let isRetriable: Bool
    /// Whether the client that raised it can no longer be used and must be replaced.
    package let isFatal: Bool

    package var description: String { "Kafka error \(code): \(message)" }

    package init(code: Code, message: String, isRetriable: Bool? = nil, isFatal: Bool? = nil) {
        self.code = code
        self.message = message
        self.isRetriable = isRetriable ?? code.isRetriable
        self.isFatal = isFatal ?? (code == .fatal)
    }

    /// Wraps a librdkafka response code, with `context` said first.
    init(_ err: rd_kafka_resp_err_t, context: String? = nil) {
        let text = String(cString: rd_kafka_err2str(err))
        self.init(code: Code(err), message: context.map { "\($0): \(text)" } ?? text)
    }

    /// Takes ownership of an `rd_kafka_error_t` and frees it.
    init(consuming error: OpaquePointer, context: String? = nil) {
        let code = Code(rd_kafka_error_code(error))
        let text = String(cString: rd_kafka_error_string(error))
        self.init(
            code: code,
            message: context.map { "\($0): \(text)" } ?? text,
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || code.isRetriable,
            isFatal: rd_kafka_error_is_fatal(error) != 0 || code == .fatal
        )
        rd_kafka_error_destroy(error)
    }

    /// The fatal error that killed `rk`, which librdkafka reports to callers only as `_FATAL`.
    static func fatal(of rk: OpaquePointer, context: String) -> KafkaError {
        var errstr = [CChar](repeating: 0, count: 512)
        let underlying = rd_kafka_fatal_error(rk, &errstr, errstr.count)
        guard underlying != RD_KAFKA_RESP_ERR_NO_ERROR else { return KafkaError(RD_KAFKA_RESP_ERR__FATAL, context: context) }
        return KafkaError(
            code: Code(underlying), message: "\(context): fatal: \(String(cBuffer: errstr))", isRetriable: false, isFatal: true
        )
    }

    /// The same error with `detail` appended to its message.
    func adding(_ detail: String) -> KafkaError {
        KafkaError(code: code, message: "\(message) (\(detail))", isRetriable: isRetriable, isFatal: isFatal)
    }

    // MARK: - The module's own errors

    /// A configuration property librdkafka refused.
    static func configuration(_ message: String) -> KafkaError {
        KafkaError(code: .invalidArgument, message: message)
    }

    /// An operation on a client that was already shut down.
    static func closed(_ what: String) -> KafkaError {
        KafkaError(code: .destroyed, message: "\(what) is closed")
    }

    /// The calling task was cancelled while it waited.
    static func cancelled(_ what: String) -> KafkaError {
        KafkaError(code: .cancelled, message: "\(what) cancelled")
    }

    /// Whether the producer that got this error must be replaced to send again: a fatal
    /// error, or a broker that no longer accepts the producer's identity (fenced, epoch or
    /// sequence out of step, as after the broker was frozen). librdkafka reports the
    /// latter as plain delivery errors and keeps failing every later record with them.
    package var requiresNewProducer: Bool {
        isFatal || [.producerFenced, .invalidProducerEpoch, .outOfOrderSequenceNumber, .unknownProducerID].contains(code)
    }

    /// Whether the client was shut down: the one failure no retry can fix. (A fatal error
    /// can be: `KafkaProducer` replaces its dead handle, so sending again works.)
    package var isClosed: Bool { code == .destroyed }

    /// Whether a topic or partition does not exist on the cluster.
    package var isUnknownTopic: Bool {
        code == .unknownTopicOrPartition || code == .unknownTopic || code == .unknownPartition
    }
}

// MARK: - Codes

extension KafkaError {
    /// An "open enum" of error codes: the ones the fleet reacts to have names; any other
    /// librdkafka code is still representable and prints as librdkafka's symbolic name.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: Hashable {
            /// An `rd_kafka_resp_err_t` (negative: client side, positive: broker).
            case librdkafka(Int32)
            /// Raised by this module; librdkafka has no equivalent.
            case cancelled
        }

        private let backing: Backing

        init(_ err: rd_kafka_resp_err_t) { backing = .librdkafka(err.rawValue) }
        private init(_ backing: Backing) { self.backing = backing }

        /// librdkafka's value, for calls into the C library (e.g. mock error injection).
        var librdkafkaValue: rd_kafka_resp_err_t? {
            if case let .librdkafka(raw) = backing { rd_kafka_resp_err_t(rawValue: raw) } else { nil }
        }

        package var description: String {
            switch backing {
            case let .librdkafka(raw): String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: raw)))
            case .cancelled: "CANCELLED"
            }
        }

        // Client-side conditions.

        /// A record was not acknowledged within the delivery timeout.
        package static let messageTimedOut = Code(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
        /// A request (metadata, commit, flush…) did not complete in time.
        package static let timedOut = Code(RD_KAFKA_RESP_ERR__TIMED_OUT)
        /// A broker connection failed.
        package static let transport = Code(RD_KAFKA_RESP_ERR__TRANSPORT)
        /// No broker is reachable.
        package static let allBrokersDown = Code(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        /// The local producer queue is full; it drains as the broker acknowledges.
        package static let queueFull = Code(RD_KAFKA_RESP_ERR__QUEUE_FULL)
        /// The client hit a fatal error (e.g. the idempotent producer was fenced) and is dead.
        package static let fatal = Code(RD_KAFKA_RESP_ERR__FATAL)
        /// This instance was fenced by a newer one (e.g. with the same `group.instance.id`).
        package static let fenced = Code(RD_KAFKA_RESP_ERR__FENCED)
        /// The client is shut down (or being shut down).
        package static let destroyed = Code(RD_KAFKA_RESP_ERR__DESTROY)
        /// The record was removed from the queue unsent, by a shutdown that could not wait.
        package static let purgedFromQueue = Code(RD_KAFKA_RESP_ERR__PURGE_QUEUE)
        /// The record was in flight when a shutdown gave up on it: it may or may not be stored.
        package static let purgedInFlight = Code(RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
        /// An invalid argument or configuration property.
        package static let invalidArgument = Code(RD_KAFKA_RESP_ERR__INVALID_ARG)
        /// The topic is not in the cluster's metadata (client-side check).
        package static let unknownTopic = Code(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
        /// The partition is not in the cluster's metadata (client-side check).
        package static let unknownPartition = Code(RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
        /// The member lost its partitions (session timeout); committing them is refused.
        package static let assignmentLost = Code(RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST)
        /// The calling task was cancelled while it waited.
        package static let cancelled = Code(.cancelled)

        // Broker answers.

        /// The topic or partition does not exist on the broker.
        package static let unknownTopicOrPartition = Code(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
        /// The broker asked is no longer the partition's leader.
        package static let notLeaderForPartition = Code(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
        /// The partition has no leader at the moment (election in progress).
        package static let leaderNotAvailable = Code(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
        /// The broker timed out the request (e.g. waiting for replicas).
        package static let requestTimedOut = Code(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
        /// Too few in-sync replicas to accept the write.
        package static let notEnoughReplicas = Code(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
        /// The group coordinator is not available.
        package static let coordinatorNotAvailable = Code(RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE)
        /// The broker asked is not the group's coordinator.
        package static let notCoordinator = Code(RD_KAFKA_RESP_ERR_NOT_COORDINATOR)
        /// The coordinator is still loading the group's state.
        package static let coordinatorLoadInProgress = Code(RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS)
        /// The group is rebalancing; a commit now would be refused.
        package static let rebalanceInProgress = Code(RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS)
        /// The group no longer knows this member (it was evicted).
        package static let unknownMemberID = Code(RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID)
        /// The member's generation is stale (a rebalance happened).
        package static let illegalGeneration = Code(RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION)
        /// The client is not allowed to use the group.
        package static let groupAuthorizationFailed = Code(RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED)
        /// A newer producer with the same identity took over (idempotence, transactions).
        package static let producerFenced = Code(RD_KAFKA_RESP_ERR_PRODUCER_FENCED)
        /// The producer's epoch is stale.
        package static let invalidProducerEpoch = Code(RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH)
        /// The broker saw a gap in the idempotent producer's sequence numbers.
        package static let outOfOrderSequenceNumber = Code(RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER)
        /// The broker has no state for this producer id (expired, or lost in a restart).
        package static let unknownProducerID = Code(RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID)
        /// A topic to create exists already.
        package static let topicAlreadyExists = Code(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)

        /// Codes after which the same call may succeed once the cluster recovers.
        private static let retriable: Set<Code> = [
            .messageTimedOut, .timedOut, .transport, .allBrokersDown, .queueFull,
            .requestTimedOut, .notLeaderForPartition, .leaderNotAvailable, .notEnoughReplicas,
            .coordinatorNotAvailable, .notCoordinator, .coordinatorLoadInProgress, .rebalanceInProgress,
        ]

        /// Whether an error with this code is worth retrying, absent librdkafka's own verdict.
        var isRetriable: Bool { Self.retriable.contains(self) }
    }
}
