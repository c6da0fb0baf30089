import AWSClients
import FleetContracts
import Retrying

extension IdentityWriter {
    /// What is stored under `keys`, retried through outages; when the budget runs out,
    /// every request of `indices` fails (transient) in `results`.
    func lookUp(_ keys: [String], failing indices: [Int], into results: inout [Result?]) async throws -> [String: InvoiceIdentity] {
        var found: [String: InvoiceIdentity] = [:]
        var unread = Array(Set(keys))
        do {
            try await retryPolicy.run(
                "DynamoDB BatchGetItem", logger: logger, isTransient: Self.isTransient, onRetry: { _ in onRetry() }
            ) {
                var left: [String] = []
                for start in stride(from: 0, to: unread.count, by: DynamoDBClient.maxBatchGetKeys) {
                    let chunk = Array(unread[start ..< min(start + DynamoDBClient.maxBatchGetKeys, unread.count)])
                    let answer = try await store.identities(of: chunk)
                    for identity in answer.found { found[identity.accessKey] = identity }
                    left += answer.unread
                }
                unread = left
                if !left.isEmpty { throw UnreadKeys(count: left.count) }
            }
        } catch let RetryError.exhausted(attempts, last) {
            for index in indices {
                results[index] = .failed(WriteFailure(
                    code: .dynamoDBUnavailable, errorClass: .transient,
                    message: "could not read the stored item before writing; gave up after \(attempts) attempts: \(last)"))
            }
        } catch let error as AWSError {
            for index in indices {
                results[index] = .failed(WriteFailure(code: .writeRejected, errorClass: .permanent, message: error.description))
            }
        }
        return found
    }

    struct UnreadKeys: Error, CustomStringConvertible {
        var count: Int
        var description: String { "\(count) keys left unread" }
    }

    /// Throttling, 5xx and unreachable DynamoDB, and keys it left unread.
    static func isTransient(_ error: any Error) -> Bool {
        error is UnreadKeys || ((error as? AWSError)?.isRetryable ?? false)
    }
}
