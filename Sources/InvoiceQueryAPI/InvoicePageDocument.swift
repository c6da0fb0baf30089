import Hummingbird

/// One page of `GET /customers/{document}/invoices`.
package struct InvoicePageDocument: ResponseCodable, Sendable, Equatable {
    package var invoices: [InvoiceDocument]
    /// Pass as `cursor` to read the next page; absent on the last one.
    package var nextCursor: String?

    package init(invoices: [InvoiceDocument], nextCursor: String?) {
        self.invoices = invoices
        self.nextCursor = nextCursor
    }
}
