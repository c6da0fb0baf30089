/// What became of each item given to `BatchWriter.write`, and what it took.
package struct BatchWriteReport: Sendable {
    /// The fate of one input item.
    package enum Outcome: Sendable {
        /// DynamoDB stored the item.
        case written
        /// A later input item with the same key was written instead (the last one wins);
        /// nothing was sent for this one. Never a failure: the key holds the newer item,
        /// or the newer item is the one reported as failed.
        case superseded(by: Int)
        /// The item was not written. `error.isRetryable` tells whether trying later can help
        /// (throttling, outage, `UnprocessedItems`) or not (`ValidationException`, …).
        case failed(AWSError)

        package var isWritten: Bool {
            if case .written = self { true } else { false }
        }
    }

    /// One outcome per input item, in input order.
    package var outcomes: [Outcome]
    /// `BatchWriteItem` requests sent, retries included.
    package var requests = 0
    /// Requests re-sent after unprocessed items or a retryable error.
    package var retries = 0
    /// Of `retries`, those caused by `UnprocessedItems`.
    package var unprocessedRetries = 0
    /// Requests answered with a throttling error.
    package var throttledRequests = 0

    package init(outcomes: [Outcome]) {
        self.outcomes = outcomes
    }

    /// The items that were not written, with why: what to dead-letter.
    package var failures: [(index: Int, error: AWSError)] {
        outcomes.enumerated().compactMap { index, outcome in
            if case let .failed(error) = outcome { (index, error) } else { nil }
        }
    }

    /// How many items DynamoDB stored.
    package var writtenCount: Int { outcomes.filter(\.isWritten).count }
}
