/// A failure, as published to `invoices.dlq`: the original message value byte for byte,
/// with the reason in headers (README, "Dead letters"; the contract lives here).
public struct DeadLetter: Sendable, Equatable {
    /// Where in the flow the failure happened: the `error.stage` header.
    public enum Stage: String, Sendable, CaseIterable, Codable {
        case relay, decodeEvent = "decode-event", fetch, parse, validate, write
    }

    /// `permanent`: bad input, retrying cannot help. `transient`: an outage outlasted the retry budget.
    public enum ErrorClass: String, Sendable, CaseIterable, Codable {
        case permanent, transient
    }

    public var value: [UInt8]
    /// Kafka key of the dead letter: the original key (`bucket/key`) where there is one.
    public var key: [UInt8]?
    public var stage: Stage
    public var code: DeadLetterCode
    public var message: String
    public var errorClass: ErrorClass
    public var originalTopic: String
    public var originalPartition: Int32
    public var originalOffset: Int64
    /// 1 on the first failure; one more each time a replay of it fails again.
    public var attempts: Int
    /// ISO 8601, UTC.
    public var failedAt: String
    public var workerID: String

    public init(
        value: [UInt8], key: [UInt8]?, stage: Stage, code: DeadLetterCode, message: String, errorClass: ErrorClass,
        originalTopic: String, originalPartition: Int32, originalOffset: Int64, attempts: Int,
        failedAt: String, workerID: String
    ) {
        self.value = value
        self.key = key
        self.stage = stage
        self.code = code
        self.message = message
        self.errorClass = errorClass
        self.originalTopic = originalTopic
        self.originalPartition = originalPartition
        self.originalOffset = originalOffset
        self.attempts = attempts
        self.failedAt = failedAt
        self.workerID = workerID
    }

    /// Header names of the contract.
    public enum Header {
        public static let stage = "error.stage"
        public static let code = "error.code"
        public static let message = "error.message"
        public static let errorClass = "error.class"
        public static let originalTopic = "original.topic"
        public static let originalPartition = "original.partition"
        public static let originalOffset = "original.offset"
        public static let attempts = "attempts"
        public static let failedAt = "failed.at"
        public static let workerID = "worker.id"
    }

    /// The contract's headers, in order, as name–value pairs (the Kafka adapters turn
    /// them into record headers).
    public var headers: [(name: String, value: String)] {
        [
            (Header.stage, stage.rawValue),
            (Header.code, code.rawValue),
            (Header.message, message),
            (Header.errorClass, errorClass.rawValue),
            (Header.originalTopic, originalTopic),
            (Header.originalPartition, String(originalPartition)),
            (Header.originalOffset, String(originalOffset)),
            (Header.attempts, String(attempts)),
            (Header.failedAt, failedAt),
            (Header.workerID, workerID),
        ]
    }

    /// Reads a dead letter back from a DLQ record's value, key and headers.
    ///
    /// - Parameter header: The value of the record's header of that name, if any.
    /// - Returns: `nil` if a contract header is missing or malformed.
    public init?(value: [UInt8], key: [UInt8]?, header: (String) -> String?) {
        guard let stage = header(Header.stage).flatMap(Stage.init(rawValue:)),
              let code = header(Header.code),
              let errorClass = header(Header.errorClass).flatMap(ErrorClass.init(rawValue:)),
              let topic = header(Header.originalTopic),
              let partition = header(Header.originalPartition).flatMap(Int32.init),
              let offset = header(Header.originalOffset).flatMap(Int64.init)
        else { return nil }
        self.init(
            value: value, key: key, stage: stage, code: DeadLetterCode(rawValue: code),
            message: header(Header.message) ?? "", errorClass: errorClass,
            originalTopic: topic, originalPartition: partition, originalOffset: offset,
            attempts: header(Header.attempts).flatMap(Int.init) ?? 1,
            failedAt: header(Header.failedAt) ?? "", workerID: header(Header.workerID) ?? ""
        )
    }
}

/// Headers a replayed `invoice-uploads` message carries, so that a failure of the replay
/// counts its attempts and names the dead letter it came from.
public enum ReplayHeader {
    /// `topic/partition/offset` of the dead letter replayed.
    public static let replayOf = "replay.of"
    /// The dead letter's `attempts` at the time of the replay.
    public static let attempts = "replay.attempts"
}
