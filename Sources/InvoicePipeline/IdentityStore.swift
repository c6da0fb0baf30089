import AWSClients
import FleetContracts

/// The reads and conditional writes of the `Invoices` table that the identity rule needs.
///
/// `DynamoIdentityStore` is the real one; unit tests give the worker an in-memory table
/// that evaluates the same conditions.
package protocol IdentityStore: Sendable {
    /// The identities stored under up to 100 access keys, read strongly consistently.
    /// - Returns: those found, and the keys DynamoDB left unread (ask again).
    func identities(of accessKeys: [String]) async throws -> (found: [InvoiceIdentity], unread: [String])

    /// Writes `item` if `condition` holds when the table applies it.
    /// - Returns: `false` when it did not hold (nothing written).
    func put(_ item: DynamoItem, if condition: IdentityCondition) async throws -> Bool
}

/// `IdentityStore` over DynamoDB: `BatchGetItem` and conditional `PutItem`.
package struct DynamoIdentityStore: IdentityStore {
    let client: DynamoDBClient
    let table: String

    package init(client: DynamoDBClient, table: String) {
        self.client = client
        self.table = table
    }

    package func identities(of accessKeys: [String]) async throws -> (found: [InvoiceIdentity], unread: [String]) {
        let result = try await client.batchGetItem(
            table: table, keys: accessKeys.map(InvoiceTable.key(accessKey:)), attributes: InvoiceIdentity.attributes)
        return (result.items.compactMap(InvoiceIdentity.init(item:)),
                result.unprocessedKeys.compactMap { $0[InvoiceTable.Attribute.partitionKey]?.stringValue })
    }

    package func put(_ item: DynamoItem, if condition: IdentityCondition) async throws -> Bool {
        try await client.putItem(table: table, item: item, condition: Self.expression(condition))
    }

    /// The condition as DynamoDB evaluates it.
    package static func expression(_ condition: IdentityCondition) -> DynamoCondition {
        typealias A = InvoiceTable.Attribute
        switch condition {
        case let .absentOrOlderVersion(bucket, key, version):
            return DynamoCondition(
                "attribute_not_exists(#pk) OR (#bucket = :bucket AND #key = :key AND (attribute_not_exists(#version) OR #version < :version))",
                names: ["#pk": A.partitionKey, "#bucket": A.sourceBucket, "#key": A.sourceKey, "#version": A.sourceVersion],
                values: [":bucket": .string(bucket), ":key": .string(key), ":version": .string(version)])
        case let .contentHash(hash):
            return DynamoCondition("#hash = :hash", names: ["#hash": A.contentHash], values: [":hash": .string(hash)])
        }
    }
}
