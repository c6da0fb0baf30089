/// A message received from SQS.
public struct SQSMessage: Sendable, Equatable {
    public var messageID: String
    /// Needed to delete the message or change its visibility; valid for this receipt only.
    public var receiptHandle: String
    public var body: String
    /// System attributes such as `ApproximateReceiveCount` and `SentTimestamp`.
    public var attributes: [String: String]

    public init(messageID: String, receiptHandle: String, body: String, attributes: [String: String] = [:]) {
        self.messageID = messageID
        self.receiptHandle = receiptHandle
        self.body = body
        self.attributes = attributes
    }

    /// How many times the message has been received, this time included, if SQS said.
    public var receiveCount: Int? { attributes["ApproximateReceiveCount"].flatMap(Int.init) }
}
