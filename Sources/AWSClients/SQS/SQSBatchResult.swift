/// The per-entry outcome of a batch operation such as `DeleteMessageBatch`.
package struct SQSBatchResult: Sendable, Equatable {
    /// One entry SQS did not process.
    package struct Failure: Sendable, Equatable {
        /// The entry id the caller gave.
        package var id: String
        package var code: String
        package var message: String
        /// `true` when the request was at fault (e.g. an expired receipt handle): retrying
        /// the same entry will not help.
        package var senderFault: Bool

        package init(id: String, code: String, message: String, senderFault: Bool) {
            self.id = id
            self.code = code
            self.message = message
            self.senderFault = senderFault
        }
    }

    /// Ids of the entries that succeeded.
    package var successful: [String]
    package var failed: [Failure]

    package init(successful: [String] = [], failed: [Failure] = []) {
        self.successful = successful
        self.failed = failed
    }
}
