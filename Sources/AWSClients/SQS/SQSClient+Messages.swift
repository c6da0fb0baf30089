import NIOCore

extension SQSClient {
    /// Receives up to `maxMessages` messages, waiting up to `waitTimeSeconds` for the first.
    ///
    /// - Parameters:
    ///   - queueURL: The queue.
    ///   - maxMessages: 1…10 (clamped). Default: 10.
    ///   - waitTimeSeconds: Long-poll time, 0…20 (clamped). Default: 20.
    ///   - visibilityTimeout: Seconds the messages stay hidden from other receivers;
    ///     `nil` keeps the queue's setting.
    /// - Returns: The messages, with their system attributes; empty when none arrived.
    package func receiveMessages(
        queueURL: String, maxMessages: Int = 10, waitTimeSeconds: Int = 20, visibilityTimeout: Int? = nil
    ) async throws -> [SQSMessage] {
        struct Input: Encodable {
            var QueueUrl: String
            var MaxNumberOfMessages: Int
            var WaitTimeSeconds: Int
            var VisibilityTimeout: Int?
            var AttributeNames: [String]
        }
        struct Output: Decodable {
            struct Message: Decodable {
                var MessageId: String
                var ReceiptHandle: String
                var Body: String
                var Attributes: [String: String]?
            }
            var Messages: [Message]?
        }
        let wait = min(max(waitTimeSeconds, 0), Self.maxWaitTimeSeconds)
        let input = Input(
            QueueUrl: queueURL, MaxNumberOfMessages: min(max(maxMessages, 1), Self.maxBatchSize),
            WaitTimeSeconds: wait, VisibilityTimeout: visibilityTimeout, AttributeNames: ["All"]
        )
        // The poll itself may take `wait` seconds: the request timeout must not count it.
        let output = try await json.call("ReceiveMessage", input, as: Output.self, extraTime: .seconds(Int64(wait)))
        return (output.Messages ?? []).map {
            SQSMessage(messageID: $0.MessageId, receiptHandle: $0.ReceiptHandle, body: $0.Body, attributes: $0.Attributes ?? [:])
        }
    }

    /// Sends one message.
    ///
    /// - Returns: The message id.
    @discardableResult
    package func sendMessage(queueURL: String, body: String, delaySeconds: Int? = nil) async throws -> String {
        struct Input: Encodable { var QueueUrl: String; var MessageBody: String; var DelaySeconds: Int? }
        struct Output: Decodable { var MessageId: String }
        return try await json.call(
            "SendMessage", Input(QueueUrl: queueURL, MessageBody: body, DelaySeconds: delaySeconds), as: Output.self
        ).MessageId
    }

    /// Deletes received messages. Entries beyond 10 are sent in further requests.
    ///
    /// - Parameter entries: `(id, receiptHandle)` pairs; ids must be unique within a call
    ///   and are how failures are reported.
    /// - Returns: Which entries were deleted and which failed (e.g. `ReceiptHandleIsInvalid`).
    /// - Throws: `AWSError` when a whole request fails; entries of earlier requests may
    ///   then have been deleted already, which is harmless (deletes are idempotent).
    package func deleteMessageBatch(
        queueURL: String, entries: [(id: String, receiptHandle: String)]
    ) async throws -> SQSBatchResult {
        struct Entry: Encodable { var Id: String; var ReceiptHandle: String }
        struct Input: Encodable { var QueueUrl: String; var Entries: [Entry] }
        struct Output: Decodable {
            struct Success: Decodable { var Id: String }
            struct Failure: Decodable { var Id: String; var Code: String; var Message: String?; var SenderFault: Bool? }
            var Successful: [Success]?
            var Failed: [Failure]?
        }
        var result = SQSBatchResult()
        var start = 0
        while start < entries.count {
            let chunk = entries[start..<min(start + Self.maxBatchSize, entries.count)]
            start += chunk.count
            let input = Input(QueueUrl: queueURL, Entries: chunk.map { Entry(Id: $0.id, ReceiptHandle: $0.receiptHandle) })
            let output = try await json.call("DeleteMessageBatch", input, as: Output.self)
            result.successful += (output.Successful ?? []).map(\.Id)
            result.failed += (output.Failed ?? []).map {
                SQSBatchResult.Failure(id: $0.Id, code: $0.Code, message: $0.Message ?? "", senderFault: $0.SenderFault ?? false)
            }
        }
        return result
    }
}
