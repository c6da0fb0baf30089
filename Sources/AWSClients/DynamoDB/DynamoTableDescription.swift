/// What `describeTable` reports.
public struct DynamoTableDescription: Sendable, Equatable {
    /// An index's name and status.
    public struct IndexStatus: Sendable, Equatable {
        public var name: String
        /// `CREATING`, `ACTIVE`, …
        public var status: String
    }

    public var name: String
    public var arn: String?
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    public var status: String
    /// The key attribute names, partition key first.
    public var keyAttributeNames: [String]
    public var globalSecondaryIndexes: [IndexStatus]
    /// DynamoDB's estimate, refreshed about every six hours.
    public var itemCount: Int?

    /// Whether the table and all its indexes accept reads and writes.
    public var isActive: Bool { status == "ACTIVE" && globalSecondaryIndexes.allSatisfy { $0.status == "ACTIVE" } }
}
