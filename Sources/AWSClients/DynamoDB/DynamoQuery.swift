/// The parameters of a `Query`: a key condition on a table or index, read page by page.
package struct DynamoQuery: Sendable, Equatable {
    package var table: String
    /// Query this global or local secondary index instead of the table. Default: `nil`.
    package var indexName: String?
    /// E.g. `#c = :c AND #d BETWEEN :from AND :to`.
    package var keyConditionExpression: String
    /// Applied after the key condition. DynamoDB counts `limit` before filtering, so a
    /// page may hold fewer items than `limit` and still not be the last. Default: `nil`.
    package var filterExpression: String?
    /// `#name` placeholders. Default: none.
    package var expressionAttributeNames: [String: String]
    /// `:value` placeholders. Default: none.
    package var expressionAttributeValues: DynamoItem
    /// `false` for descending sort-key order. Default: `true`.
    package var scanIndexForward: Bool
    /// Most items evaluated for this page. Default: `nil` (up to 1 MB).
    package var limit: Int?
    /// The previous page's `lastEvaluatedKey`. Default: `nil` (first page).
    package var exclusiveStartKey: DynamoItem?
    /// Strongly consistent read (tables and local indexes only). Default: `false`.
    package var consistentRead: Bool

    package init(
        table: String, indexName: String? = nil, keyConditionExpression: String, filterExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], expressionAttributeValues: DynamoItem = [:],
        scanIndexForward: Bool = true, limit: Int? = nil, exclusiveStartKey: DynamoItem? = nil, consistentRead: Bool = false
    ) {
        self.table = table
        self.indexName = indexName
        self.keyConditionExpression = keyConditionExpression
        self.filterExpression = filterExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.scanIndexForward = scanIndexForward
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.consistentRead = consistentRead
    }
}
