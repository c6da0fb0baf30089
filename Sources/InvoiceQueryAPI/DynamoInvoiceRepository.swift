import AWSClients
import FleetContracts

/// Reads invoices from the `Invoices` table: `GetItem` by access key, `Query` on the
/// `byCustomer` index, `DescribeTable` for health. These three actions are all the API's
/// IAM policy grants (deploy/iam/api.json).
package struct DynamoInvoiceRepository: InvoiceRepository {
    let dynamo: DynamoDBClient
    let table: String

    package init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    package func invoice(accessKey: String) async throws -> DynamoItem? {
        do {
            return try await dynamo.getItem(table: table, key: InvoiceTable.key(accessKey: accessKey))
        } catch {
            throw InvoiceRepositoryError(error)
        }
    }

    /// Asks DynamoDB for one item more than the page holds: if it comes, another page
    /// exists and the cursor is the page's last key; if not, this is the last page. So a
    /// client never fetches a final empty page, as DynamoDB's own `LastEvaluatedKey`
    /// (present whenever `Limit` items were read) would make it.
    package func invoices(_ query: CustomerInvoiceQuery) async throws -> InvoiceItemPage {
        var condition = "#c = :c"
        var values: DynamoItem = [":c": .string(query.customerDocument)]
        var names = ["#c": InvoiceTable.ByCustomer.partitionKey]
        switch (query.issueDates.from, query.issueDates.to) {
        case let (from?, to?):
            condition += " AND #d BETWEEN :from AND :to"
            values[":from"] = .string(from)
            values[":to"] = .string(to)
        case let (from?, nil):
            condition += " AND #d >= :from"
            values[":from"] = .string(from)
        case let (nil, to?):
            condition += " AND #d <= :to"
            values[":to"] = .string(to)
        case (nil, nil):
            break
        }
        // DynamoDB rejects a name the expression does not use.
        if condition.contains("#d") { names["#d"] = InvoiceTable.ByCustomer.sortKey }
        let request = DynamoQuery(
            table: table, indexName: InvoiceTable.ByCustomer.name, keyConditionExpression: condition,
            expressionAttributeNames: names,
            expressionAttributeValues: values, scanIndexForward: false,
            limit: query.limit + 1, exclusiveStartKey: query.startKey
        )
        let page: DynamoPage
        do {
            page = try await dynamo.query(request)
        } catch {
            throw InvoiceRepositoryError(error)
        }
        let items = Array(page.items.prefix(query.limit))
        // More may follow when DynamoDB returned the extra item, or stopped at its 1 MB
        // page size before reaching it.
        let more = page.items.count > query.limit || page.lastEvaluatedKey != nil
        guard more, let last = items.last else { return InvoiceItemPage(items: items, nextStartKey: nil) }
        let key = InvoiceTable.ByCustomer.pageKeyAttributes.reduce(into: DynamoItem()) { key, name in
            key[name] = last[name]
        }
        return InvoiceItemPage(items: items, nextStartKey: key)
    }

    package func unavailability() async -> String? {
        do {
            let description = try await dynamo.describeTable(table)
            return description.isActive ? nil : "table status \(description.status)"
        } catch {
            return "\(error)"
        }
    }
}
