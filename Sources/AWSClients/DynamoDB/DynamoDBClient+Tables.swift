import Foundation

extension DynamoDBClient {
    /// Creates a table (on-demand billing) with its global secondary indexes.
    ///
    /// - Returns: `true` if created, `false` if a table of that name already existed
    ///   (`ResourceInUseException`); its definition is not compared.
    /// - Note: The table is not usable until `waitUntilActive` says so.
    @discardableResult
    package func createTable(_ definition: DynamoTableDefinition) async throws -> Bool {
        do {
            _ = try await json.call("CreateTable", CreateTableInput(definition), as: EmptyOutput.self)
            return true
        } catch let error as AWSError where error.code == "ResourceInUseException" {
            return false
        }
    }

    /// Describes a table.
    ///
    /// - Throws: `AWSError` with code `ResourceNotFoundException` when it does not exist.
    package func describeTable(_ name: String) async throws -> DynamoTableDescription {
        struct Input: Encodable { var TableName: String }
        let output = try await json.call("DescribeTable", Input(TableName: name), as: DescribeTableOutput.self)
        let table = output.Table
        return DynamoTableDescription(
            name: table.TableName, arn: table.TableArn, status: table.TableStatus,
            keyAttributeNames: (table.KeySchema ?? []).sorted { $0.KeyType == "HASH" && $1.KeyType != "HASH" }.map(\.AttributeName),
            globalSecondaryIndexes: (table.GlobalSecondaryIndexes ?? []).map {
                .init(name: $0.IndexName, status: $0.IndexStatus ?? "ACTIVE")
            },
            itemCount: table.ItemCount
        )
    }

    /// Polls `describeTable` until the table and its indexes are `ACTIVE`.
    ///
    /// - Parameters:
    ///   - name: The table.
    ///   - timeout: How long to wait. Default: 2 minutes.
    ///   - pollInterval: Time between polls. Default: 500 ms.
    /// - Throws: `AWSError` with code `Timeout` (kind `.invalidResponse`) when it does not
    ///   become active in time; errors of `describeTable`.
    @discardableResult
    package func waitUntilActive(
        _ name: String, timeout: Duration = .seconds(120), pollInterval: Duration = .milliseconds(500)
    ) async throws -> DynamoTableDescription {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let description = try await describeTable(name)
            if description.isActive { return description }
            guard clock.now.advanced(by: pollInterval) < deadline else {
                throw AWSError(
                    kind: .invalidResponse, code: "Timeout",
                    message: "table \(name) not ACTIVE after \(timeout) (status \(description.status))", service: "DynamoDB"
                )
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Deletes a table.
    package func deleteTable(_ name: String) async throws {
        struct Input: Encodable { var TableName: String }
        _ = try await json.call("DeleteTable", Input(TableName: name), as: EmptyOutput.self)
    }
}

// MARK: - Wire shapes

private struct KeySchemaElement: Codable {
    var AttributeName: String
    var KeyType: String
}

private struct CreateTableInput: Encodable {
    struct AttributeDefinition: Encodable { var AttributeName: String; var AttributeType: String }
    struct Projection: Encodable { var ProjectionType: String; var NonKeyAttributes: [String]? }
    struct Index: Encodable { var IndexName: String; var KeySchema: [KeySchemaElement]; var Projection: Projection }

    var TableName: String
    var AttributeDefinitions: [AttributeDefinition]
    var KeySchema: [KeySchemaElement]
    var GlobalSecondaryIndexes: [Index]?
    var BillingMode = "PAY_PER_REQUEST"

    init(_ definition: DynamoTableDefinition) {
        func schema(_ partition: DynamoTableDefinition.KeyAttribute, _ sort: DynamoTableDefinition.KeyAttribute?) -> [KeySchemaElement] {
            [KeySchemaElement(AttributeName: partition.name, KeyType: "HASH")]
                + (sort.map { [KeySchemaElement(AttributeName: $0.name, KeyType: "RANGE")] } ?? [])
        }
        TableName = definition.name
        KeySchema = schema(definition.partitionKey, definition.sortKey)
        var attributes: [DynamoTableDefinition.KeyAttribute] = []
        let indexKeys = definition.globalSecondaryIndexes.flatMap { [$0.partitionKey] + ($0.sortKey.map { [$0] } ?? []) }
        for attribute in [definition.partitionKey] + (definition.sortKey.map { [$0] } ?? []) + indexKeys
        where !attributes.contains(where: { $0.name == attribute.name }) {
            attributes.append(attribute)
        }
        AttributeDefinitions = attributes.map { AttributeDefinition(AttributeName: $0.name, AttributeType: $0.type.rawValue) }
        let indexes = definition.globalSecondaryIndexes.map { index in
            let projection: Projection = switch index.projection {
            case .all: Projection(ProjectionType: "ALL")
            case .keysOnly: Projection(ProjectionType: "KEYS_ONLY")
            case let .include(names): Projection(ProjectionType: "INCLUDE", NonKeyAttributes: names)
            }
            return Index(IndexName: index.name, KeySchema: schema(index.partitionKey, index.sortKey), Projection: projection)
        }
        GlobalSecondaryIndexes = indexes.isEmpty ? nil : indexes
    }
}

private struct DescribeTableOutput: Decodable {
    struct Index: Decodable { var IndexName: String; var IndexStatus: String? }
    struct Table: Decodable {
        var TableName: String
        var TableArn: String?
        var TableStatus: String
        var KeySchema: [KeySchemaElement]?
        var GlobalSecondaryIndexes: [Index]?
        var ItemCount: Int?
    }

    var Table: Table
}
