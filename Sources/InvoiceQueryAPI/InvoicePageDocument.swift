import Hummingbird

/// One page of `GET /customers/{document}/invoices`.
public struct InvoicePageDocument: ResponseCodable, Sendable, Equatable {
    public var invoices: [InvoiceDocument]
    /// Pass as `cursor` to read the next page; absent on the last one.
    public var nextCursor: String?

    public init(invoices: [InvoiceDocument], nextCursor: String?) {
        self.invoices = invoices
        self.nextCursor = nextCursor
    }
}
