import AWSClients
import FleetContracts
import Logging
import Retrying

/// Writes a batch's invoices so that each access key keeps one identity across the fleet.
///
/// Per round: one consistent `BatchGetItem` per 100 keys reads what is stored, the rule
/// settles duplicates, conflicts and stale versions without writing, and every write
/// left carries its condition (`PutItem`), so that two workers racing on one key cannot
/// both win. A write whose condition failed is judged again against what is stored now.
/// `BatchWriteItem` is not used: it carries no condition, and any key found free can be
/// taken by another worker before the write lands.
///
/// Several copies of one access key in a batch go in successive rounds, in batch order,
/// so the second is judged against the first exactly as across batches.
struct IdentityWriter: Sendable {
    let store: any IdentityStore
    let retryPolicy: RetryPolicy
    /// Conditional writes in flight.
    let concurrency: Int
    let logger: Logger
    var onRetry: @Sendable () -> Void = {}

    struct Request: Sendable {
        var item: DynamoItem
        var identity: InvoiceIdentity
        /// An operator approved overwriting a conflict (`dlq replay --overwrite-conflicts`).
        var overwriteApproved = false
    }

    enum Result: Sendable, Equatable {
        case stored
        /// Stored over another invoice, on an operator's approval.
        case overwrote(InvoiceIdentity)
        case duplicate(of: InvoiceIdentity)
        case superseded(by: InvoiceIdentity)
        case conflict(with: InvoiceIdentity)
        case failed(WriteFailure)
    }

    /// - Returns: one result per request, in order.
    /// - Throws: `RetryError.shuttingDown` if shutdown began while DynamoDB was failing.
    func write(_ requests: [Request]) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: requests.count)
        for round in Self.rounds(requests) {
            var pending = round
            var stored = try await lookUp(round.map { requests[$0].identity.accessKey }, failing: round, into: &results)
            pending.removeAll { results[$0] != nil }
            // A condition fails only when the item changed since it was read: a few passes
            // settle any realistic race.
            for _ in 0 ..< Self.maxPasses where !pending.isEmpty {
                var writes: [(index: Int, condition: IdentityCondition, verdict: IdentityVerdict)] = []
                for index in pending {
                    let request = requests[index]
                    let verdict = IdentityRule.judge(
                        request.identity, stored: stored[request.identity.accessKey], overwriteApproved: request.overwriteApproved)
                    if let settled = Self.settledResult(of: verdict) {
                        results[index] = settled
                    } else if let condition = IdentityRule.condition(for: verdict, candidate: request.identity) {
                        writes.append((index, condition, verdict))
                    }
                }
                let answers = try await put(writes.map { write in
                    var item = requests[write.index].item
                    if case let .overwrite(previous) = write.verdict {
                        item[InvoiceTable.Attribute.replacedSourceBucket] = .string(previous.source.bucket)
                        item[InvoiceTable.Attribute.replacedSourceKey] = .string(previous.source.key)
                        item[InvoiceTable.Attribute.replacedSourceETag] = .string(previous.source.eTag)
                    }
                    return (item, write.condition)
                })
                var refused: [Int] = []
                for (write, answer) in zip(writes, answers) {
                    switch answer {
                    case .written:
                        if case let .overwrite(previous) = write.verdict {
                            logger.notice("overwrote a conflicting invoice on an operator's replay", metadata: [
                                "access_key": "\(previous.accessKey)",
                                "replaced": "s3://\(previous.source.bucket)/\(previous.source.key)",
                                "by": "s3://\(requests[write.index].identity.source.bucket)/\(requests[write.index].identity.source.key)",
                            ])
                            results[write.index] = .overwrote(previous)
                        } else {
                            results[write.index] = .stored
                        }
                    case .conditionFailed: refused.append(write.index)
                    case let .failed(failure): results[write.index] = .failed(failure)
                    }
                }
                pending = refused
                if !refused.isEmpty {
                    stored = try await lookUp(refused.map { requests[$0].identity.accessKey }, failing: refused, into: &results)
                    pending.removeAll { results[$0] != nil }
                }
            }
            for index in pending {
                results[index] = .failed(WriteFailure(
                    code: .dynamoDBUnavailable, errorClass: .transient,
                    message: "the item under \(requests[index].identity.accessKey) changed during each of \(Self.maxPasses) conditional writes"))
            }
        }
        return results.map { $0! }
    }

    private static let maxPasses = 4

    /// Indices grouped so that no access key occurs twice in a round; the n-th copy of a
    /// key goes in round n.
    static func rounds(_ requests: [Request]) -> [[Int]] {
        var seen: [String: Int] = [:]
        var rounds: [[Int]] = []
        for (index, request) in requests.enumerated() {
            let round = seen[request.identity.accessKey, default: 0]
            seen[request.identity.accessKey] = round + 1
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(index)
        }
        return rounds
    }

    /// The result of a verdict that writes nothing; `nil` for those that write.
    private static func settledResult(of verdict: IdentityVerdict) -> Result? {
        switch verdict {
        case let .duplicate(stored): .duplicate(of: stored)
        case let .superseded(stored): .superseded(by: stored)
        case let .conflict(stored): .conflict(with: stored)
        case .write, .overwrite: nil
        }
    }
}

/// Why an invoice could not be written: its dead letter's code, class and message.
struct WriteFailure: Sendable, Equatable {
    var code: DeadLetterCode
    var errorClass: DeadLetter.ErrorClass
    var message: String
}
