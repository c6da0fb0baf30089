/// What became of each item given to `BatchWriter.write`, and what it took.
public struct BatchWriteReport: Sendable {
    /// The fate of one input item.
    public enum Outcome: Sendable {
        /// DynamoDB stored the item.
        case written
        /// A later input item with the same key was written instead (the last one wins);
        /// nothing was sent for this one. Never a failure: the key holds the newer item,
        /// or the newer item is the one reported as failed.
        case superseded(by: Int)
        /// The item was not written. `error.isRetryable` tells whether trying later can help
        /// (throttling, outage, `UnprocessedItems`) or not (`ValidationException`, …).
        case failed(AWSError)

        public var isWritten: Bool {
            if case .written = self { true } else { false }
        }
    }

    /// One outcome per input item, in input order.
    public var outcomes: [Outcome]
    /// `BatchWriteItem` requests sent, retries included.
    public var requests = 0
    /// Requests re-sent after unprocessed items or a retryable error.
    public var retries = 0
    /// Of `retries`, those caused by `UnprocessedItems`.
    public var unprocessedRetries = 0
    /// Requests answered with a throttling error.
    public var throttledRequests = 0

    public init(outcomes: [Outcome]) {
        self.outcomes = outcomes
    }

    /// The items that were not written, with why: what to dead-letter.
    public var failures: [(index: Int, error: AWSError)] {
        outcomes.enumerated().compactMap { index, outcome in
            if case let .failed(error) = outcome { (index, error) } else { nil }
        }
    }

    /// How many items DynamoDB stored.
    public var writtenCount: Int { outcomes.filter(\.isWritten).count }
}
