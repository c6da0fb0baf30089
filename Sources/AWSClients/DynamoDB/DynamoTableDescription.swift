/// What `describeTable` reports.
package struct DynamoTableDescription: Sendable, Equatable {
    /// An index's name and status.
    package struct IndexStatus: Sendable, Equatable {
        package var name: String
        /// `CREATING`, `ACTIVE`, …
        package var status: String
    }

    package var name: String
    package var arn: String?
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    package var status: String
    /// The key attribute names, partition key first.
    package var keyAttributeNames: [String]
    package var globalSecondaryIndexes: [IndexStatus]
    /// DynamoDB's estimate, refreshed about every six hours.
    package var itemCount: Int?

    /// Whether the table and all its indexes accept reads and writes.
    package var isActive: Bool { status == "ACTIVE" && globalSecondaryIndexes.allSatisfy { $0.status == "ACTIVE" } }
}
