/// The per-entry outcome of a batch operation such as `DeleteMessageBatch`.
public struct SQSBatchResult: Sendable, Equatable {
    /// One entry SQS did not process.
    public struct Failure: Sendable, Equatable {
        /// The entry id the caller gave.
        public var id: String
        public var code: String
        public var message: String
        /// `true` when the request was at fault (e.g. an expired receipt handle): retrying
        /// the same entry will not help.
        public var senderFault: Bool

        public init(id: String, code: String, message: String, senderFault: Bool) {
            self.id = id
            self.code = code
            self.message = message
            self.senderFault = senderFault
        }
    }

    /// Ids of the entries that succeeded.
    public var successful: [String]
    public var failed: [Failure]

    public init(successful: [String] = [], failed: [Failure] = []) {
        self.successful = successful
        self.failed = failed
    }
}
