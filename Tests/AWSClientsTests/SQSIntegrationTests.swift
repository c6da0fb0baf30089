import AsyncHTTPClient
import AWSClients
import Foundation
import Testing

@Suite("SQS against moto", .enabled(LocalStack.skipReason) { await LocalStack.isReachable() })
struct SQSIntegrationTests {
    let sqs = SQSClient(httpClient: .shared, configuration: LocalStack.configuration)

    @Test("create (idempotent), attributes, send, receive, delete in batches")
    func lifecycle() async throws {
        let name = LocalStack.uniqueName("aws-sqs")
        let queueURL = try await sqs.createQueue(name: name, attributes: ["VisibilityTimeout": "30"])
        #expect(try await sqs.createQueue(name: name, attributes: ["VisibilityTimeout": "30"]) == queueURL)
        #expect(try await sqs.createQueue(name: name, attributes: ["VisibilityTimeout": "45"]) == queueURL)
        #expect(try await sqs.getQueueURL(name: name) == queueURL)

        let arn = try await sqs.queueARN(queueURL: queueURL)
        #expect(arn.hasPrefix("arn:aws:sqs:") && arn.hasSuffix(":\(name)"))
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"\#(arn)"}]}"#
        try await sqs.setQueueAttributes(queueURL: queueURL, attributes: ["Policy": policy])
        #expect(try await sqs.getQueueAttributes(queueURL: queueURL)["Policy"]?.contains("s3.amazonaws.com") == true)

        let bodies = (0..<12).map { "message \($0) ç+" }
        for body in bodies { try await sqs.sendMessage(queueURL: queueURL, body: body) }
        #expect(try await sqs.getQueueAttributes(queueURL: queueURL, names: ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"] == "12")

        var received: [SQSMessage] = []
        for _ in 0..<10 where received.count < 12 {
            let batch = try await sqs.receiveMessages(queueURL: queueURL, maxMessages: 10, waitTimeSeconds: 1, visibilityTimeout: 60)
            #expect(batch.count <= 10)
            received += batch
        }
        #expect(Set(received.map(\.body)) == Set(bodies))
        #expect(received.allSatisfy { $0.receiveCount == 1 && !$0.receiptHandle.isEmpty && !$0.messageID.isEmpty })

        // 12 real entries and a bogus one: two requests, one per-entry failure.
        var entries = received.enumerated().map { (id: "m\($0.offset)", receiptHandle: $0.element.receiptHandle) }
        entries.append((id: "bogus", receiptHandle: "not-a-receipt-handle"))
        let result = try await sqs.deleteMessageBatch(queueURL: queueURL, entries: entries)
        #expect(Set(result.successful) == Set((0..<12).map { "m\($0)" }))
        #expect(result.failed.map(\.id) == ["bogus"])
        #expect(result.failed.first?.senderFault == true)

        let attributes = try await sqs.getQueueAttributes(queueURL: queueURL)
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
        #expect(attributes["ApproximateNumberOfMessagesNotVisible"] == "0")
    }

    @Test("long polling an empty queue returns nothing after the wait")
    func emptyLongPoll() async throws {
        let queueURL = try await sqs.createQueue(name: LocalStack.uniqueName("aws-sqs-empty"))
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try await sqs.receiveMessages(queueURL: queueURL, waitTimeSeconds: 1).isEmpty)
        #expect(clock.now - started >= .milliseconds(900))
    }

    @Test("purge empties the queue")
    func purge() async throws {
        let queueURL = try await sqs.createQueue(name: LocalStack.uniqueName("aws-sqs-purge"))
        try await sqs.sendMessage(queueURL: queueURL, body: "x")
        try await sqs.purgeQueue(queueURL: queueURL)
        #expect(try await sqs.receiveMessages(queueURL: queueURL, waitTimeSeconds: 0).isEmpty)
        try await sqs.deleteQueue(queueURL: queueURL)
    }

    @Test("a missing queue is QueueDoesNotExist with the query-compatible code")
    func missingQueue() async throws {
        let error = await #expect(throws: AWSError.self) {
            try await sqs.getQueueURL(name: LocalStack.uniqueName("aws-sqs-none"))
        }
        #expect(error?.code == "QueueDoesNotExist")
        #expect(error?.queryErrorCode == "AWS.SimpleQueueService.NonExistentQueue")
        #expect(error?.isRetryable == false)
    }
}
