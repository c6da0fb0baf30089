/// A message received from SQS.
package struct SQSMessage: Sendable, Equatable {
    package var messageID: String
    /// Needed to delete the message or change its visibility; valid for this receipt only.
    package var receiptHandle: String
    package var body: String
    /// System attributes such as `ApproximateReceiveCount` and `SentTimestamp`.
    package var attributes: [String: String]

    package init(messageID: String, receiptHandle: String, body: String, attributes: [String: String] = [:]) {
        self.messageID = messageID
        self.receiptHandle = receiptHandle
        self.body = body
        self.attributes = attributes
    }

    /// How many times the message has been received, this time included, if SQS said.
    package var receiveCount: Int? { attributes["ApproximateReceiveCount"].flatMap(Int.init) }

    /// When SQS accepted the message, in milliseconds since the epoch, if SQS said.
    package var sentTimestampMilliseconds: Int64? { attributes["SentTimestamp"].flatMap { Int64($0) } }

    /// The age in seconds of the oldest of `messages` at `nowMilliseconds`; 0 for none.
    package static func oldestAgeSeconds(of messages: [SQSMessage], nowMilliseconds: Int64) -> Double {
        guard let oldest = messages.compactMap(\.sentTimestampMilliseconds).min() else { return 0 }
        return max(0, Double(nowMilliseconds - oldest) / 1000)
    }
}
