/// What `createTable` creates: keys, global secondary indexes, on-demand billing.
public struct DynamoTableDefinition: Sendable, Equatable {
    /// A key attribute and its scalar type.
    public struct KeyAttribute: Sendable, Equatable {
        /// DynamoDB's key types.
        public enum ScalarType: String, Sendable, Equatable {
            case string = "S", number = "N", binary = "B"
        }

        public var name: String
        public var type: ScalarType

        public init(_ name: String, _ type: ScalarType) {
            self.name = name
            self.type = type
        }
    }

    /// A global secondary index.
    public struct GlobalSecondaryIndex: Sendable, Equatable {
        /// Which attributes the index holds.
        public enum Projection: Sendable, Equatable {
            case all
            case keysOnly
            case include([String])
        }

        public var name: String
        public var partitionKey: KeyAttribute
        public var sortKey: KeyAttribute?
        /// Default: `.all`.
        public var projection: Projection

        public init(name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil, projection: Projection = .all) {
            self.name = name
            self.partitionKey = partitionKey
            self.sortKey = sortKey
            self.projection = projection
        }
    }

    public var name: String
    public var partitionKey: KeyAttribute
    public var sortKey: KeyAttribute?
    public var globalSecondaryIndexes: [GlobalSecondaryIndex]

    public init(
        name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil,
        globalSecondaryIndexes: [GlobalSecondaryIndex] = []
    ) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.globalSecondaryIndexes = globalSecondaryIndexes
    }

    /// The names of the table's key attributes: what identifies an item.
    public var keyAttributeNames: [String] { [partitionKey.name] + (sortKey.map { [$0.name] } ?? []) }
}
