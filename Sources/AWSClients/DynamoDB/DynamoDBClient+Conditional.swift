import NIOCore

/// The reads and conditional writes that settle an item's identity (see the worker's
/// `IdentityWriter`): `BatchGetItem` to look before writing, `PutItem` with a condition
/// to write only what is still true when DynamoDB applies it.
extension DynamoDBClient {
    /// Most keys DynamoDB accepts in one `BatchGetItem`.
    package static let maxBatchGetKeys = 100

    /// The answer of one `BatchGetItem` for one table.
    package struct BatchGetResult: Sendable {
        package var items: [DynamoItem]
        /// Keys DynamoDB did not read this time (throttling, size): ask again.
        package var unprocessedKeys: [DynamoItem]
    }

    /// Reads up to 100 items by key, only the `attributes` named. Does not retry.
    /// - Throws: `AWSError` (kind `.invalidRequest`) for more than 100 keys, without sending.
    package func batchGetItem(
        table: String, keys: [DynamoItem], attributes: [String], consistentRead: Bool = true
    ) async throws -> BatchGetResult {
        guard !keys.isEmpty else { return BatchGetResult(items: [], unprocessedKeys: []) }
        guard keys.count <= Self.maxBatchGetKeys else {
            throw AWSError.invalidRequest("DynamoDB", "BatchGetItem takes at most \(Self.maxBatchGetKeys) keys, got \(keys.count)")
        }
        struct TableRequest: Codable {
            var Keys: [DynamoItem]
            var ConsistentRead: Bool?
            var ProjectionExpression: String?
            var ExpressionAttributeNames: [String: String]?
        }
        struct Input: Encodable { var RequestItems: [String: TableRequest] }
        struct Output: Decodable {
            var Responses: [String: [DynamoItem]]?
            var UnprocessedKeys: [String: TableRequest]?
        }
        // Placeholders for every name: some attribute names are DynamoDB reserved words.
        let names = Dictionary(uniqueKeysWithValues: attributes.enumerated().map { ("#a\($0.offset)", $0.element) })
        let request = TableRequest(
            Keys: keys, ConsistentRead: consistentRead ? true : nil,
            ProjectionExpression: attributes.isEmpty ? nil : attributes.indices.map { "#a\($0)" }.joined(separator: ","),
            ExpressionAttributeNames: attributes.isEmpty ? nil : names
        )
        let output = try await json.call("BatchGetItem", Input(RequestItems: [table: request]), as: Output.self)
        return BatchGetResult(
            items: output.Responses?[table] ?? [], unprocessedKeys: output.UnprocessedKeys?[table]?.Keys ?? []
        )
    }

    /// Writes an item if `condition` holds when DynamoDB applies it. Does not retry.
    ///
    /// The body is written directly (`DynamoJSONWriter`), like `BatchWriteItem`'s: this is
    /// the worker's per-invoice request.
    /// - Returns: `false` when the condition did not hold (nothing was written).
    /// - Throws: `AWSError` for every other failure.
    package func putItem(table: String, item: DynamoItem, condition: DynamoCondition?) async throws -> Bool {
        let body = ByteBuffer(bytes: Self.putItemBody(table: table, item: item, condition: condition))
        do {
            _ = try await json.call("PutItem", body: body, as: EmptyOutput.self)
            return true
        } catch let error as AWSError where error.isConditionalCheckFailure {
            return false
        }
    }

    package static func putItemBody(table: String, item: DynamoItem, condition: DynamoCondition?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        DynamoJSONWriter.write(raw: #"{"TableName":"#, into: &out)
        DynamoJSONWriter.write(string: table, into: &out)
        DynamoJSONWriter.write(raw: #","Item":"#, into: &out)
        DynamoJSONWriter.write(item: item, into: &out)
        if let condition {
            DynamoJSONWriter.write(raw: #","ConditionExpression":"#, into: &out)
            DynamoJSONWriter.write(string: condition.expression, into: &out)
            if !condition.names.isEmpty {
                DynamoJSONWriter.write(raw: #","ExpressionAttributeNames":{"#, into: &out)
                for (index, name) in condition.names.sorted(by: { $0.key < $1.key }).enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    DynamoJSONWriter.write(string: name.key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    DynamoJSONWriter.write(string: name.value, into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            if !condition.values.isEmpty {
                DynamoJSONWriter.write(raw: #","ExpressionAttributeValues":"#, into: &out)
                DynamoJSONWriter.write(item: condition.values, into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// A condition expression with its placeholders, e.g. `attribute_not_exists(#pk)`.
package struct DynamoCondition: Sendable, Equatable {
    package var expression: String
    package var names: [String: String]
    package var values: DynamoItem

    package init(_ expression: String, names: [String: String] = [:], values: DynamoItem = [:]) {
        self.expression = expression
        self.names = names
        self.values = values
    }
}

extension AWSError {
    /// The write's condition did not hold: an answer, not a failure to retry.
    package var isConditionalCheckFailure: Bool {
        kind == .service && code == "ConditionalCheckFailedException"
    }
}
