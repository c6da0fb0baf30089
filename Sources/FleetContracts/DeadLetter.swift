/// A failure, as published to `invoices.dlq`: the original message value byte for byte,
/// with the reason in headers (README, "Dead letters"; the contract lives here).
package struct DeadLetter: Sendable, Equatable {
    /// Where in the flow the failure happened: the `error.stage` header.
    package enum Stage: String, Sendable, CaseIterable, Codable {
        case relay, decodeEvent = "decode-event", fetch, parse, validate, write
    }

    /// `permanent`: bad input, retrying cannot help. `transient`: an outage outlasted the retry budget.
    package enum ErrorClass: String, Sendable, CaseIterable, Codable {
        case permanent, transient
    }

    package var value: [UInt8]
    /// Kafka key of the dead letter: the original key (`bucket/key`) where there is one.
    package var key: [UInt8]?
    package var stage: Stage
    package var code: DeadLetterCode
    package var message: String
    package var errorClass: ErrorClass
    package var originalTopic: String
    package var originalPartition: Int32
    package var originalOffset: Int64
    /// 1 on the first failure; one more each time a replay of it fails again.
    package var attempts: Int
    /// ISO 8601, UTC.
    package var failedAt: String
    package var workerID: String

    package init(
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
    package enum Header {
        package static let stage = "error.stage"
        package static let code = "error.code"
        package static let message = "error.message"
        package static let errorClass = "error.class"
        package static let originalTopic = "original.topic"
        package static let originalPartition = "original.partition"
        package static let originalOffset = "original.offset"
        package static let attempts = "attempts"
        package static let failedAt = "failed.at"
        package static let workerID = "worker.id"
    }

    /// The contract's headers, in order, as name–value pairs (the Kafka adapters turn
    /// them into record headers).
    package var headers: [(name: String, value: String)] {
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
    package init?(value: [UInt8], key: [UInt8]?, header: (String) -> String?) {
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
package enum ReplayHeader {
    /// `topic/partition/offset` of the dead letter replayed.
    package static let replayOf = "replay.of"
    /// The dead letter's `attempts` at the time of the replay.
    package static let attempts = "replay.attempts"
    /// `true` on a replayed `access_key_conflict` whose operator chose to overwrite the
    /// stored invoice (`dlq replay --overwrite-conflicts`).
    package static let overwriteConflict = "replay.overwrite-conflict"
}
