import NIOCore

/// Sends one `BatchWriteItem` request: what `BatchWriter` needs from DynamoDB.
///
/// `DynamoDBClient` conforms; tests give `BatchWriter` a fake to script throttling,
/// unprocessed items and validation failures.
package protocol DynamoBatchWriting: Sendable {
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
    package func batchWriteItem(table: String, requests: [DynamoWriteRequest]) async throws -> [DynamoWriteRequest] {
        guard !requests.isEmpty else { return [] }
        guard requests.count <= Self.maxBatchWriteItems else {
            throw AWSError.invalidRequest(
                "DynamoDB", "BatchWriteItem takes at most \(Self.maxBatchWriteItems) entries, got \(requests.count)"
            )
        }
        struct Output: Decodable { var UnprocessedItems: [String: [DynamoWriteRequest]]? }
        let body = ByteBuffer(bytes: Self.batchWriteItemBody(table: table, requests: requests))
        let output = try await json.call("BatchWriteItem", body: body, as: Output.self)
        return output.UnprocessedItems?[table] ?? []
    }

    /// `{"RequestItems":{table:[{"PutRequest":{"Item":…}}, …]}}`, written directly: the
    /// worker's hottest encoding (see `DynamoJSONWriter`).
    package static func batchWriteItemBody(table: String, requests: [DynamoWriteRequest]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(requests.count * 1024)
        DynamoJSONWriter.write(raw: #"{"RequestItems":{"#, into: &out)
        DynamoJSONWriter.write(string: table, into: &out)
        DynamoJSONWriter.write(raw: ":[", into: &out)
        for (index, request) in requests.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch request {
            case let .put(item):
                DynamoJSONWriter.write(raw: #"{"PutRequest":{"Item":"#, into: &out)
                DynamoJSONWriter.write(item: item, into: &out)
            case let .delete(key):
                DynamoJSONWriter.write(raw: #"{"DeleteRequest":{"Key":"#, into: &out)
                DynamoJSONWriter.write(item: key, into: &out)
            }
            DynamoJSONWriter.write(raw: "}}", into: &out)
        }
        DynamoJSONWriter.write(raw: "]}}", into: &out)
        return out
    }
}
