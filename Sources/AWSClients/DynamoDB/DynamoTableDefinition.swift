/// What `createTable` creates: keys, global secondary indexes, on-demand billing.
package struct DynamoTableDefinition: Sendable, Equatable {
    /// A key attribute and its scalar type.
    package struct KeyAttribute: Sendable, Equatable {
        /// DynamoDB's key types.
        package enum ScalarType: String, Sendable, Equatable {
            case string = "S", number = "N", binary = "B"
        }

        package var name: String
        package var type: ScalarType

        package init(_ name: String, _ type: ScalarType) {
            self.name = name
            self.type = type
        }
    }

    /// A global secondary index.
    package struct GlobalSecondaryIndex: Sendable, Equatable {
        /// Which attributes the index holds.
        package enum Projection: Sendable, Equatable {
            case all
            case keysOnly
            case include([String])
        }

        package var name: String
        package var partitionKey: KeyAttribute
        package var sortKey: KeyAttribute?
        /// Default: `.all`.
        package var projection: Projection

        package init(name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil, projection: Projection = .all) {
            self.name = name
            self.partitionKey = partitionKey
            self.sortKey = sortKey
            self.projection = projection
        }
    }

    package var name: String
    package var partitionKey: KeyAttribute
    package var sortKey: KeyAttribute?
    package var globalSecondaryIndexes: [GlobalSecondaryIndex]

    package init(
        name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil,
        globalSecondaryIndexes: [GlobalSecondaryIndex] = []
    ) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.globalSecondaryIndexes = globalSecondaryIndexes
    }

    /// The names of the table's key attributes: what identifies an item.
    package var keyAttributeNames: [String] { [partitionKey.name] + (sortKey.map { [$0.name] } ?? []) }
}
