extension DynamoDBClient {
    /// Writes (creates or replaces) an item.
    ///
    /// - Parameters:
    ///   - table: The table.
    ///   - item: The whole item, key included.
    ///   - conditionExpression: Write only if this holds, e.g. `attribute_not_exists(pk)`;
    ///     otherwise `AWSError` `ConditionalCheckFailedException`. Default: none.
    ///   - expressionAttributeNames: `#name` placeholders of the condition.
    ///   - expressionAttributeValues: `:value` placeholders of the condition.
    package func putItem(
        table: String, item: DynamoItem, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], expressionAttributeValues: DynamoItem = [:]
    ) async throws {
        struct Input: Encodable {
            var TableName: String
            var Item: DynamoItem
            var ConditionExpression: String?
            var ExpressionAttributeNames: [String: String]?
            var ExpressionAttributeValues: DynamoItem?
        }
        let input = Input(
            TableName: table, Item: item, ConditionExpression: conditionExpression,
            ExpressionAttributeNames: expressionAttributeNames.isEmpty ? nil : expressionAttributeNames,
            ExpressionAttributeValues: expressionAttributeValues.isEmpty ? nil : expressionAttributeValues
        )
        _ = try await json.call("PutItem", input, as: EmptyOutput.self)
    }

    /// Reads an item by its key.
    ///
    /// - Parameter consistentRead: `true` for a strongly consistent read. Default: `false`.
    /// - Returns: The item, or `nil` when there is none.
    package func getItem(table: String, key: DynamoItem, consistentRead: Bool = false) async throws -> DynamoItem? {
        struct Input: Encodable { var TableName: String; var Key: DynamoItem; var ConsistentRead: Bool }
        struct Output: Decodable { var Item: DynamoItem? }
        return try await json.call(
            "GetItem", Input(TableName: table, Key: key, ConsistentRead: consistentRead), as: Output.self
        ).Item
    }

    /// Deletes an item by its key; deleting a missing item succeeds.
    package func deleteItem(table: String, key: DynamoItem) async throws {
        struct Input: Encodable { var TableName: String; var Key: DynamoItem }
        _ = try await json.call("DeleteItem", Input(TableName: table, Key: key), as: EmptyOutput.self)
    }

    /// Reads one page of a query.
    package func query(_ query: DynamoQuery) async throws -> DynamoPage {
        struct Input: Encodable {
            var TableName: String
            var IndexName: String?
            var KeyConditionExpression: String
            var FilterExpression: String?
            var ExpressionAttributeNames: [String: String]?
            var ExpressionAttributeValues: DynamoItem?
            var ScanIndexForward: Bool
            var Limit: Int?
            var ExclusiveStartKey: DynamoItem?
            var ConsistentRead: Bool?
        }
        let input = Input(
            TableName: query.table, IndexName: query.indexName, KeyConditionExpression: query.keyConditionExpression,
            FilterExpression: query.filterExpression,
            ExpressionAttributeNames: query.expressionAttributeNames.isEmpty ? nil : query.expressionAttributeNames,
            ExpressionAttributeValues: query.expressionAttributeValues.isEmpty ? nil : query.expressionAttributeValues,
            ScanIndexForward: query.scanIndexForward, Limit: query.limit, ExclusiveStartKey: query.exclusiveStartKey,
            ConsistentRead: query.consistentRead ? true : nil
        )
        let output = try await json.call("Query", input, as: PageOutput.self)
        return DynamoPage(items: output.Items ?? [], lastEvaluatedKey: output.LastEvaluatedKey)
    }

    /// Reads one page of a full-table (or index) scan.
    ///
    /// - Parameters:
    ///   - table: The table.
    ///   - indexName: Scan this index instead. Default: `nil`.
    ///   - limit: Most items evaluated for this page. Default: `nil` (up to 1 MB).
    ///   - exclusiveStartKey: The previous page's `lastEvaluatedKey`.
    ///   - consistentRead: Strongly consistent read. Default: `false`.
    ///   - projectionExpression: Only these attributes of each item, e.g. `#b, #k`, so that a
    ///     scan of large items moves only what the caller reads. Default: whole items.
    ///   - expressionAttributeNames: `#name` placeholders of the projection.
    package func scan(
        table: String, indexName: String? = nil, limit: Int? = nil, exclusiveStartKey: DynamoItem? = nil,
        consistentRead: Bool = false, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:]
    ) async throws -> DynamoPage {
        struct Input: Encodable {
            var TableName: String
            var IndexName: String?
            var Limit: Int?
            var ExclusiveStartKey: DynamoItem?
            var ConsistentRead: Bool?
            var ProjectionExpression: String?
            var ExpressionAttributeNames: [String: String]?
        }
        let input = Input(
            TableName: table, IndexName: indexName, Limit: limit, ExclusiveStartKey: exclusiveStartKey,
            ConsistentRead: consistentRead ? true : nil, ProjectionExpression: projectionExpression,
            ExpressionAttributeNames: expressionAttributeNames.isEmpty ? nil : expressionAttributeNames
        )
        let output = try await json.call("Scan", input, as: PageOutput.self)
        return DynamoPage(items: output.Items ?? [], lastEvaluatedKey: output.LastEvaluatedKey)
    }

    /// Scans the whole table, following `LastEvaluatedKey`.
    package func scanAll(table: String, consistentRead: Bool = false) async throws -> [DynamoItem] {
        var items: [DynamoItem] = []
        var start: DynamoItem?
        repeat {
            let page = try await scan(table: table, exclusiveStartKey: start, consistentRead: consistentRead)
            items += page.items
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }
}

/// The answer of `Query` and `Scan`.
private struct PageOutput: Decodable {
    var Items: [DynamoItem]?
    var LastEvaluatedKey: DynamoItem?
}
