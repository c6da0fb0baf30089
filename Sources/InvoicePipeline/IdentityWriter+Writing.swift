import AWSClients
import Retrying

extension IdentityWriter {
    enum PutAnswer: Sendable {
        case written
        case conditionFailed
        case failed(WriteFailure)
    }

    /// Puts every item on its condition, `concurrency` at a time. Each attempt (a round)
    /// re-sends only the items whose last failure was retryable; items DynamoDB rejected
    /// are out at once, so a poison item never holds up the rest.
    func put(_ writes: [(item: DynamoItem, condition: IdentityCondition)]) async throws -> [PutAnswer] {
        var answers = [PutAnswer?](repeating: nil, count: writes.count)
        var pending = Array(writes.indices)
        var lastErrors: [Int: AWSError] = [:]
        do {
            try await retryPolicy.run(
                "DynamoDB PutItem", logger: logger, isTransient: { $0 is UnwrittenItems }, onRetry: { _ in onRetry() }
            ) {
                let outcomes = await putOnce(pending.map { writes[$0] })
                var retryable: [Int] = []
                lastErrors = [:]
                for (index, outcome) in zip(pending, outcomes) {
                    switch outcome {
                    case let .success(written): answers[index] = written ? .written : .conditionFailed
                    case let .failure(error) where error.isRetryable:
                        retryable.append(index)
                        lastErrors[index] = error
                    case let .failure(error):
                        answers[index] = .failed(WriteFailure(code: .writeRejected, errorClass: .permanent, message: error.description))
                    }
                }
                pending = retryable
                if let first = lastErrors.values.first { throw UnwrittenItems(count: pending.count, first: first) }
            }
        } catch let RetryError.exhausted(rounds, _) {
            for index in pending {
                answers[index] = .failed(WriteFailure(
                    code: .dynamoDBUnavailable, errorClass: .transient,
                    message: "gave up after \(rounds) rounds: \(lastErrors[index].map(String.init(describing:)) ?? "unknown error")"))
            }
        }
        return answers.map { $0! }
    }

    func putOnce(_ writes: [(item: DynamoItem, condition: IdentityCondition)]) async -> [Swift.Result<Bool, AWSError>] {
        var outcomes = [Swift.Result<Bool, AWSError>?](repeating: nil, count: writes.count)
        await withTaskGroup(of: (Int, Swift.Result<Bool, AWSError>).self) { group in
            var next = 0
            func startNext() {
                guard next < writes.count else { return }
                let index = next, write = writes[index], store = self.store
                next += 1
                group.addTask {
                    do {
                        return (index, .success(try await store.put(write.item, if: write.condition)))
                    } catch let error as AWSError {
                        return (index, .failure(error))
                    } catch {
                        return (index, .failure(AWSError(kind: .transport, code: "Unknown", message: "\(error)", service: "DynamoDB")))
                    }
                }
            }
            for _ in 0 ..< max(1, concurrency) { startNext() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                startNext()
            }
        }
        return outcomes.map { $0! }
    }

    /// A round of writes that left retryable failures behind: what the retry policy sees.
    struct UnwrittenItems: Error, CustomStringConvertible {
        var count: Int
        var first: AWSError
        var description: String { "\(count) items not written, e.g. \(first)" }
    }
}
