import AWSClients

/// A scripted `DynamoBatchWriting`: records every request and answers from `script`
/// (unit tests of the batch writer and of the worker's batch processor).
package actor FakeBatchSender: DynamoBatchWriting {
    /// What to do with one request (its entries given as partition-key strings).
    package enum Reply: Sendable {
        case ok
        /// Leave these partition keys unprocessed.
        case unprocessed(Set<String>)
        case fail(AWSError)
    }

    package private(set) var requests: [[String]] = []
    package private(set) var maxInFlight = 0
    private var inFlight = 0
    private let script: @Sendable (_ call: Int, _ keys: [String]) -> Reply
    private let delay: Duration

    package init(delay: Duration = .zero, script: @escaping @Sendable (_ call: Int, _ keys: [String]) -> Reply = { _, _ in .ok }) {
        self.script = script
        self.delay = delay
    }

    package func batchWriteItem(table: String, requests entries: [DynamoWriteRequest]) async throws -> [DynamoWriteRequest] {
        let keys = entries.map { request -> String in
            guard case let .put(item) = request else { return "?" }
            return item["pk"]?.stringValue ?? "?"
        }
        requests.append(keys)
        let call = requests.count
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if delay > .zero { try? await Task.sleep(for: delay) }
        inFlight -= 1
        switch script(call, keys) {
        case .ok:
            return []
        case let .unprocessed(left):
            return entries.filter { request in
                guard case let .put(item) = request, let pk = item["pk"]?.stringValue else { return false }
                return left.contains(pk)
            }
        case let .fail(error):
            throw error
        }
    }
}

/// Builds items `{pk: "k<i>", n: i}` for tests.
package func items(_ count: Int, prefix: String = "k") -> [DynamoItem] {
    (0..<count).map { ["pk": .string("\(prefix)\($0)"), "n": .integer($0)] }
}

extension AWSError {
    package static let throttled = AWSError(
        kind: .service, code: "ProvisionedThroughputExceededException", message: "slow down",
        service: "DynamoDB", statusCode: 400
    )
    package static let validation = AWSError(
        kind: .service, code: "ValidationException", message: "bad item", service: "DynamoDB", statusCode: 400
    )
}
