/// One page of a `Query` or `Scan`.
package struct DynamoPage: Sendable, Equatable {
    package var items: [DynamoItem]
    /// Pass as `exclusiveStartKey` to read the next page; `nil` when there is none.
    package var lastEvaluatedKey: DynamoItem?

    package init(items: [DynamoItem], lastEvaluatedKey: DynamoItem?) {
        self.items = items
        self.lastEvaluatedKey = lastEvaluatedKey
    }
}
