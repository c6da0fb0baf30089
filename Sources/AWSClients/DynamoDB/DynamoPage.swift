/// One page of a `Query` or `Scan`.
public struct DynamoPage: Sendable, Equatable {
    public var items: [DynamoItem]
    /// Pass as `exclusiveStartKey` to read the next page; `nil` when there is none.
    public var lastEvaluatedKey: DynamoItem?

    public init(items: [DynamoItem], lastEvaluatedKey: DynamoItem?) {
        self.items = items
        self.lastEvaluatedKey = lastEvaluatedKey
    }
}
