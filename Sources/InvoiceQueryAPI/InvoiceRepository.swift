import AWSClients

/// Where the API reads invoices from: the `Invoices` table in production, a fake in
/// router-level tests.
///
/// Implementations throw `InvoiceRepositoryError` when the store cannot answer; the HTTP
/// layer turns that into `503 dynamodb_unavailable`.
public protocol InvoiceRepository: Sendable {
    /// The stored item of one invoice, or `nil` when there is none.
    func invoice(accessKey: String) async throws -> DynamoItem?

    /// One page of a customer's invoices, newest issue date first.
    func invoices(_ query: CustomerInvoiceQuery) async throws -> InvoiceItemPage

    /// Whether the store can serve reads now; `nil` when it can, else why not (for the log).
    func unavailability() async -> String?
}

/// A page request of `GET /customers/{document}/invoices`, already validated.
public struct CustomerInvoiceQuery: Sendable, Equatable {
    public var customerDocument: String
    /// Issue dates, inclusive bounds in the table's UTC text form.
    public var issueDates: IssueDateRange
    public var limit: Int
    /// Where the previous page stopped (the last item's table and index keys).
    public var startKey: DynamoItem?

    public init(customerDocument: String, issueDates: IssueDateRange = IssueDateRange(), limit: Int, startKey: DynamoItem? = nil) {
        self.customerDocument = customerDocument
        self.issueDates = issueDates
        self.limit = limit
        self.startKey = startKey
    }
}

/// A page of items and the key to continue after, if more may follow.
public struct InvoiceItemPage: Sendable, Equatable {
    public var items: [DynamoItem]
    public var nextStartKey: DynamoItem?

    public init(items: [DynamoItem], nextStartKey: DynamoItem?) {
        self.items = items
        self.nextStartKey = nextStartKey
    }
}
