import AsyncHTTPClient
import Retrying
@testable import AWSClients
import Foundation
import FleetTestSupport
import Testing

@Suite("BatchWriter")
struct BatchWriterTests {
    /// A writer that never really sleeps, with jitter pinned to the middle.
    func writer(_ sender: FakeBatchSender, configure: (inout BatchWriter.Configuration) -> Void = { _ in }) -> BatchWriter {
        var configuration = BatchWriter.Configuration()
        configure(&configuration)
        return BatchWriter(
            sender: sender, table: "T", keyAttributes: ["pk"], configuration: configuration,
            random: { 0.5 }, sleep: { _ in }
        )
    }

    @Test("26 items go out as 25 + 1, although moto would accept 26 in one request")
    func twentySixItems() async {
        let sender = FakeBatchSender()
        let report = await writer(sender).write(items(26))
        // The two requests go out concurrently, so either may arrive first.
        #expect(await sender.requests.map(\.count).sorted(by: >) == [25, 1])
        #expect(report.writtenCount == 26)
        #expect(report.requests == 2)
        #expect(report.failures.isEmpty)
    }

    @Test("60 items go out as 25, 25, 10, every item once")
    func sixtyItems() async {
        let sender = FakeBatchSender()
        let report = await writer(sender).write(items(60))
        let requests = await sender.requests
        #expect(requests.map(\.count).sorted(by: >) == [25, 25, 10])
        #expect(Set(requests.joined()) == Set((0..<60).map { "k\($0)" }))
        #expect(report.writtenCount == 60)
    }

    @Test("the client itself refuses more than 25 entries without sending")
    func clientRefuses26() async throws {
        let client = DynamoDBClient(
            httpClient: .shared,
            configuration: AWSClientConfiguration(
                region: "us-east-1", credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"),
                endpoint: URL(string: "http://127.0.0.1:1")!
            )
        )
        let error = await #expect(throws: AWSError.self) {
            try await client.batchWriteItem(table: "T", requests: items(26).map { .put($0) })
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.isRetryable == false)
    }

    @Test("duplicate keys: the last one wins, earlier ones are superseded and not sent")
    func duplicates() async {
        let sender = FakeBatchSender()
        let input: [DynamoItem] = [
            ["pk": "a", "v": .integer(1)], ["pk": "b", "v": .integer(1)],
            ["pk": "a", "v": .integer(2)], ["pk": "a", "v": .integer(3)],
        ]
        let report = await writer(sender).write(input)
        #expect(await sender.requests == [["b", "a"]])
        #expect(report.writtenCount == 2)
        guard case .superseded(by: 3) = report.outcomes[0], case .superseded(by: 3) = report.outcomes[2] else {
            Issue.record("expected items 0 and 2 superseded by 3, got \(report.outcomes)")
            return
        }
        #expect(report.outcomes[1].isWritten && report.outcomes[3].isWritten)
    }

    @Test("an item without its key attribute fails at once and is not sent")
    func missingKey() async {
        let sender = FakeBatchSender()
        let report = await writer(sender).write([["pk": "a"], ["other": "x"]])
        #expect(await sender.requests == [["a"]])
        #expect(report.failures.map(\.index) == [1])
        #expect(report.failures.first?.error.isRetryable == false)
    }

    @Test("unprocessed items are re-sent alone, with backoff, until written")
    func unprocessedRetried() async {
        let sender = FakeBatchSender { call, _ in
            switch call {
            case 1: .unprocessed(["k1", "k3"])
            case 2: .unprocessed(["k3"])
            default: .ok
            }
        }
        let delays = LockedBox<[Duration]>([])
        var configuration = BatchWriter.Configuration()
        configuration.backoff = Backoff(base: .milliseconds(100), cap: .seconds(1))
        let writer = BatchWriter(
            sender: sender, table: "T", keyAttributes: ["pk"], configuration: configuration,
            random: { 0.5 }, sleep: { delay in delays.withLock { $0.append(delay) } }
        )
        let report = await writer.write(items(5))
        #expect(await sender.requests == [["k0", "k1", "k2", "k3", "k4"], ["k1", "k3"], ["k3"]])
        #expect(report.writtenCount == 5)
        #expect(report.retries == 2)
        #expect(report.unprocessedRetries == 2)
        // Full jitter at 0.5: half of 100 ms, then half of 200 ms.
        #expect(delays.withLock { $0 } == [.milliseconds(50), .milliseconds(100)])
    }

    @Test("throttling is retried and counted; the callback sees each retry")
    func throttlingRetried() async {
        let sender = FakeBatchSender { call, _ in call <= 2 ? .fail(.throttled) : .ok }
        let seen = LockedBox<[Int]>([])
        let writer = BatchWriter(
            sender: sender, table: "T", keyAttributes: ["pk"], random: { 0 }, sleep: { _ in },
            onRetry: { retry in seen.withLock { $0.append(retry.attempt) } }
        )
        let report = await writer.write(items(3))
        #expect(report.writtenCount == 3)
        #expect(report.throttledRequests == 2)
        #expect(report.retries == 2)
        #expect(report.requests == 3)
        #expect(seen.withLock { $0 } == [1, 2])
    }

    @Test("a 5xx or transport error is retried like throttling")
    func transientErrorsRetried() async {
        let unavailable = AWSError(kind: .service, code: "InternalServerError", message: "", service: "DynamoDB", statusCode: 500)
        let refused = AWSError(kind: .transport, code: "ConnectionRefused", message: "connection refused", service: "DynamoDB")
        let sender = FakeBatchSender { call, _ in
            switch call {
            case 1: .fail(unavailable)
            case 2: .fail(refused)
            default: .ok
            }
        }
        let report = await writer(sender).write(items(2))
        #expect(report.writtenCount == 2)
        #expect(report.retries == 2)
    }

    @Test("when attempts run out the pending items fail with a retryable error")
    func attemptsExhausted() async {
        let sender = FakeBatchSender { _, _ in .unprocessed(["k0"]) }
        let report = await writer(sender) { $0.maxAttempts = 3 }.write(items(2))
        #expect(await sender.requests.count == 3)
        #expect(report.outcomes[1].isWritten)
        #expect(report.failures.map(\.index) == [0])
        #expect(report.failures.first?.error.code == "UnprocessedItems")
        #expect(report.failures.first?.error.isRetryable == true)
    }

    @Test("a validation error is not retried; halving isolates the one bad item")
    func validationIsolated() async {
        let sender = FakeBatchSender { _, keys in keys.contains("k6") ? .fail(.validation) : .ok }
        let report = await writer(sender).write(items(10))
        #expect(report.failures.map(\.index) == [6])
        #expect(report.failures.first?.error.code == "ValidationException")
        #expect(report.writtenCount == 9)
        #expect(report.retries == 0)
        // 10 → 5+5 → (2+3) → (1+2) → (1+1): never the bad item twice in one retry loop.
        #expect(await sender.requests.count <= 9)
    }

    @Test("no more requests in flight than configured")
    func concurrencyLimit() async {
        let sender = FakeBatchSender(delay: .milliseconds(20))
        let report = await writer(sender) {
            $0.maxConcurrentRequests = 2
            $0.maxItemsPerRequest = 5
        }.write(items(40))
        #expect(report.writtenCount == 40)
        #expect(await sender.requests.count == 8)
        #expect(await sender.maxInFlight == 2)
    }

    @Test("an empty input sends nothing")
    func emptyInput() async {
        let sender = FakeBatchSender()
        let report = await writer(sender).write([])
        #expect(await sender.requests.isEmpty)
        #expect(report.outcomes.isEmpty)
    }

    @Test("cancellation during a backoff fails the pending items instead of hanging")
    func cancellation() async {
        let sender = FakeBatchSender { _, _ in .fail(.throttled) }
        let writer = BatchWriter(sender: sender, table: "T", keyAttributes: ["pk"], random: { 1 })
        let task = Task { await writer.write(items(3)) }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        let report = await task.value
        #expect(report.failures.count == 3)
        #expect(report.failures.first?.error.code == "Cancelled")
    }
}
