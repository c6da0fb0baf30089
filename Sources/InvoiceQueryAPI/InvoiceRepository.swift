import AWSClients

/// Where the API reads invoices from: the `Invoices` table in production, a fake in
/// router-level tests.
///
/// Implementations throw `InvoiceRepositoryError` when the store cannot answer; the HTTP
/// layer turns that into `503 dynamodb_unavailable`.
package protocol InvoiceRepository: Sendable {
    /// The stored item of one invoice, or `nil` when there is none.
    func invoice(accessKey: String) async throws -> DynamoItem?

    /// One page of a customer's invoices, newest issue date first.
    func invoices(_ query: CustomerInvoiceQuery) async throws -> InvoiceItemPage

    /// Whether the store can serve reads now; `nil` when it can, else why not (for the log).
    func unavailability() async -> String?
}

/// A page request of `GET /customers/{document}/invoices`, already validated.
package struct CustomerInvoiceQuery: Sendable, Equatable {
    package var customerDocument: String
    /// Issue dates, inclusive bounds in the table's UTC text form.
    package var issueDates: IssueDateRange
    package var limit: Int
    /// Where the previous page stopped (the last item's table and index keys).
    package var startKey: DynamoItem?

    package init(customerDocument: String, issueDates: IssueDateRange = IssueDateRange(), limit: Int, startKey: DynamoItem? = nil) {
        self.customerDocument = customerDocument
        self.issueDates = issueDates
        self.limit = limit
        self.startKey = startKey
    }
}

/// A page of items and the key to continue after, if more may follow.
package struct InvoiceItemPage: Sendable, Equatable {
    package var items: [DynamoItem]
    package var nextStartKey: DynamoItem?

    package init(items: [DynamoItem], nextStartKey: DynamoItem?) {
        self.items = items
        self.nextStartKey = nextStartKey
    }
}
