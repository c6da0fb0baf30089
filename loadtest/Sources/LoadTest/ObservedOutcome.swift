/// What the fleet did with one uploaded object, as read from `invoices.processed` or
/// `invoices.dlq`.
package struct ObservedOutcome: Sendable, Hashable {
    package enum Result: Sendable, Hashable, CustomStringConvertible {
        /// A processed record: the invoice is in the table under this access key.
        case stored(accessKey: String)
        /// A dead letter with its `error.code` and `error.stage`.
        case deadLettered(code: String, stage: String)

        package var description: String {
            switch self {
            case let .stored(accessKey): "stored(\(accessKey))"
            case let .deadLettered(code, stage): "deadLettered(\(code), stage \(stage))"
            }
        }
    }

    /// The object key, decoded (as uploaded).
    package var key: String
    package var result: Result
    /// When the outcome record was written: the Kafka record's timestamp, ms since the epoch.
    package var timestampMilliseconds: Int64?

    package init(key: String, result: Result, timestampMilliseconds: Int64?) {
        self.key = key
        self.result = result
        self.timestampMilliseconds = timestampMilliseconds
    }
}
