import AWSClients

/// The queue of the bucket's notifications: what the relay needs from SQS.
///
/// `SQSClient` conforms; unit tests give the relay a fake queue that holds chosen
/// messages and records what was deleted.
package protocol UploadQueue: Sendable {
    func getQueueURL(name: String) async throws -> String
    func receiveMessages(queueURL: String, maxMessages: Int, waitTimeSeconds: Int, visibilityTimeout: Int?) async throws -> [SQSMessage]
    func deleteMessageBatch(queueURL: String, entries: [(id: String, receiptHandle: String)]) async throws -> SQSBatchResult
}

extension SQSClient: UploadQueue {}
