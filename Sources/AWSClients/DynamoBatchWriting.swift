/// Sends one `BatchWriteItem` request: what `BatchWriter` needs from DynamoDB.
///
/// `DynamoDBClient` conforms; tests give `BatchWriter` a fake to script throttling,
/// unprocessed items and validation failures.
public protocol DynamoBatchWriting: Sendable {
    /// Writes up to 25 entries to `table`.
    ///
    /// - Returns: The entries DynamoDB left unprocessed (to be retried).
    /// - Throws: `AWSError` when the whole request failed.
    func batchWriteItem(table: String, requests: [DynamoWriteRequest]) async throws -> [DynamoWriteRequest]
}

extension DynamoDBClient: DynamoBatchWriting {
    /// Sends one `BatchWriteItem` for one table. Does not retry.
    ///
    /// - Parameters:
    ///   - table: The table.
    ///   - requests: 1…25 entries, no two for the same key (DynamoDB rejects the request).
    /// - Returns: The entries left unprocessed, to retry after a backoff.
    /// - Throws: `AWSError` (kind `.invalidRequest`) for more than 25 entries, without
    ///   sending: the limit is DynamoDB's even where a local stand-in accepts more.
    public func batchWriteItem(table: String, requests: [DynamoWriteRequest]) async throws -> [DynamoWriteRequest] {
        guard !requests.isEmpty else { return [] }
        guard requests.count <= Self.maxBatchWriteItems else {
            throw AWSError.invalidRequest(
                "DynamoDB", "BatchWriteItem takes at most \(Self.maxBatchWriteItems) entries, got \(requests.count)"
            )
        }
        struct Input: Encodable { var RequestItems: [String: [DynamoWriteRequest]] }
        struct Output: Decodable { var UnprocessedItems: [String: [DynamoWriteRequest]]? }
        let output = try await json.call("BatchWriteItem", Input(RequestItems: [table: requests]), as: Output.self)
        return output.UnprocessedItems?[table] ?? []
    }
}
