import AWSClients
import InvoiceQueryAPI

/// An in-memory invoice store for router-level tests: items by access key, newest first
/// by customer, no paging; or a store that is down.
struct FakeInvoiceRepository: InvoiceRepository {
    var items: [String: DynamoItem] = [:]
    /// Every call fails as an unreachable DynamoDB would.
    var isDown = false
    /// The customer queries received, to see what the controller asked for.
    let queries = QueryLog()

    init(items: [DynamoItem] = [], isDown: Bool = false) {
        for item in items {
            if let key = item["pk"]?.stringValue { self.items[key] = item }
        }
        self.isDown = isDown
    }

    func invoice(accessKey: String) async throws -> DynamoItem? {
        if isDown { throw Self.outage }
        return items[accessKey]
    }

    func invoices(_ query: CustomerInvoiceQuery) async throws -> InvoiceItemPage {
        await queries.record(query)
        if isDown { throw Self.outage }
        let matching = items.values
            .filter { $0["customerDocument"]?.stringValue == query.customerDocument }
            .sorted { ($0["issueDate"]?.stringValue ?? "") > ($1["issueDate"]?.stringValue ?? "") }
        return InvoiceItemPage(items: Array(matching.prefix(query.limit)), nextStartKey: nil)
    }

    func unavailability() async -> String? {
        isDown ? "DescribeTable: connection refused (fake)" : nil
    }

    /// What the repository throws when the store is down: the underlying error must stay
    /// in the server log, never in a response.
    static let outage = InvoiceRepositoryError(
        AWSError(kind: .transport, code: "ConnectionRefused", message: "secret-internal-detail", service: "DynamoDB")
    )
}

/// The customer queries a `FakeInvoiceRepository` received.
actor QueryLog {
    private(set) var queries: [CustomerInvoiceQuery] = []

    func record(_ query: CustomerInvoiceQuery) {
        queries.append(query)
    }
}
