import AsyncHTTPClient
import AWSClients
import Foundation
import Testing

@Suite("DynamoDB against moto", .enabled(LocalStack.skipReason) { await LocalStack.isReachable() })
struct DynamoDBIntegrationTests {
    let dynamo = DynamoDBClient(httpClient: .shared, configuration: LocalStack.configuration)

    /// The fleet's table shape: `pk`, GSI `byCustomer` on customerDocument + issueDate.
    static func invoicesTable(_ name: String) -> DynamoTableDefinition {
        DynamoTableDefinition(
            name: name, partitionKey: .init("pk", .string),
            globalSecondaryIndexes: [.init(
                name: "byCustomer", partitionKey: .init("customerDocument", .string), sortKey: .init("issueDate", .string)
            )]
        )
    }

    static func invoice(_ index: Int, customer: String) -> DynamoItem {
        [
            "pk": .string(String(format: "3526111122233300018155001%019d", index)),
            "customerDocument": .string(customer),
            "issueDate": .string(String(format: "2026-11-%02dT10:%02d:00-03:00", 1 + index % 28, index % 60)),
            "totalAmount": .number("\(index).10"),
            "items": .list([.map(["sku": .string("A-\(index)"), "quantity": .integer(2)])]),
        ]
    }

    func createTable() async throws -> String {
        let name = LocalStack.uniqueName("Invoices")
        #expect(try await dynamo.createTable(Self.invoicesTable(name)))
        #expect(try await dynamo.createTable(Self.invoicesTable(name)) == false, "ResourceInUseException is fine")
        let description = try await dynamo.waitUntilActive(name, timeout: .seconds(30))
        #expect(description.keyAttributeNames == ["pk"])
        #expect(description.globalSecondaryIndexes.map(\.name) == ["byCustomer"])
        return name
    }

    @Test("BatchWriter writes 60 items in 3 requests; they read back exactly")
    func batchWriteAndReadBack() async throws {
        let table = try await createTable()
        let items = (0..<60).map { Self.invoice($0, customer: $0 % 2 == 0 ? "52998224725" : "11222333000181") }
        let retries = LockedBox(0)
        let writer = BatchWriter(
            sender: dynamo, table: table, keyAttributes: ["pk"], onRetry: { _ in retries.withLock { $0 += 1 } }
        )
        let report = await writer.write(items)
        #expect(report.writtenCount == 60)
        #expect(report.failures.isEmpty)
        #expect(report.requests == 3)
        #expect(report.retries == retries.withLock { $0 })

        let stored = try await dynamo.scanAll(table: table, consistentRead: true)
        #expect(stored.count == 60)
        let byKey = Dictionary(uniqueKeysWithValues: stored.map { ($0["pk"]!, $0) })
        for item in items {
            let read = try #require(byKey[item["pk"]!])
            #expect(read["totalAmount"]?.decimalValue == item["totalAmount"]?.decimalValue)
            #expect(read["items"] == item["items"])
        }
        let one = try await dynamo.getItem(table: table, key: ["pk": items[7]["pk"]!], consistentRead: true)
        #expect(one?["issueDate"] == items[7]["issueDate"])
    }

    @Test("query by GSI pages through one customer's invoices in date order")
    func queryByCustomer() async throws {
        let table = try await createTable()
        let customer = "52998224725"
        let mine = (0..<23).map { Self.invoice($0, customer: customer) }
        let others = (100..<110).map { Self.invoice($0, customer: "11222333000181") }
        let report = await BatchWriter(sender: dynamo, table: table, keyAttributes: ["pk"]).write(mine + others)
        #expect(report.writtenCount == 33)

        var query = DynamoQuery(
            table: table, indexName: "byCustomer", keyConditionExpression: "#c = :c",
            expressionAttributeNames: ["#c": "customerDocument"], expressionAttributeValues: [":c": .string(customer)],
            limit: 7
        )
        var dates: [String] = []
        var pages = 0
        repeat {
            let page = try await dynamo.query(query)
            dates += page.items.compactMap { $0["issueDate"]?.stringValue }
            query.exclusiveStartKey = page.lastEvaluatedKey
            pages += 1
        } while query.exclusiveStartKey != nil && pages < 10
        #expect(dates.count == 23)
        #expect(dates == dates.sorted())
        #expect(pages >= 4)

        query.exclusiveStartKey = nil
        query.scanIndexForward = false
        query.limit = 3
        let newest = try await dynamo.query(query)
        #expect(newest.items.compactMap { $0["issueDate"]?.stringValue } == Array(dates.reversed().prefix(3)))
    }

    @Test("put, conditional put, get, delete one item")
    func singleItem() async throws {
        let table = try await createTable()
        let item = Self.invoice(1, customer: "52998224725")
        let key: DynamoItem = ["pk": item["pk"]!]
        try await dynamo.putItem(table: table, item: item)
        let error = await #expect(throws: AWSError.self) {
            try await dynamo.putItem(table: table, item: item, conditionExpression: "attribute_not_exists(pk)")
        }
        #expect(error?.code == "ConditionalCheckFailedException")
        #expect(error?.isRetryable == false)
        #expect(try await dynamo.getItem(table: table, key: key, consistentRead: true) == item)
        try await dynamo.deleteItem(table: table, key: key)
        #expect(try await dynamo.getItem(table: table, key: key, consistentRead: true) == nil)
        try await dynamo.deleteTable(table)
    }

    @Test("a missing table is ResourceNotFoundException; an invalid item fails alone in a batch")
    func errors() async throws {
        let missing = await #expect(throws: AWSError.self) {
            try await dynamo.describeTable(LocalStack.uniqueName("none"))
        }
        #expect(missing?.code == "ResourceNotFoundException")

        let table = try await createTable()
        var items = (0..<5).map { Self.invoice($0, customer: "52998224725") }
        items[3]["notes"] = .string(String(repeating: "x", count: 410_000)) // over DynamoDB's 400 KB item limit
        let report = await BatchWriter(sender: dynamo, table: table, keyAttributes: ["pk"]).write(items)
        #expect(report.failures.map(\.index) == [3])
        #expect(report.failures.first?.error.code == "ValidationException")
        #expect(report.writtenCount == 4)
    }
}
