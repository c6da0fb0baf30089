import FleetContracts
import AWSClients
import Hummingbird
import InvoiceDomain
import Logging

/// The authenticated read routes: one invoice by access key, a customer's invoices by
/// issue date. Handlers validate, read through the repository and throw
/// `QueryAPIError`s; `ErrorResponseMiddleware` turns those into responses.
struct InvoiceController<Context: RequestContext>: Sendable {
    let repository: any InvoiceRepository
    let cursor: PageCursor
    let defaultPageSize: Int
    let maxPageSize: Int
    let logger: Logger

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("invoices/:accessKey", use: invoice)
        group.get("customers/:document/invoices", use: customerInvoices)
    }

    // MARK: - GET /invoices/{accessKey}

    @Sendable func invoice(_ request: Request, context: Context) async throws -> InvoiceDocument {
        let accessKey = try Self.accessKey(context.parameters.get("accessKey") ?? "")
        guard let item = try await repository.invoice(accessKey: accessKey) else {
            throw QueryAPIError(.notFound, "no invoice with this access key")
        }
        return try invoiceDocument(item)
    }

    /// - Throws: `invalid_access_key` unless `text` is 44 digits with a correct mod-11 check digit.
    static func accessKey(_ text: String) throws(QueryAPIError) -> String {
        guard let key = NFeAccessKey(text) else {
            throw QueryAPIError(.invalidAccessKey, "an access key is 44 digits")
        }
        guard key.hasValidCheckDigit else {
            throw QueryAPIError(.invalidAccessKey, "the access key's check digit (mod 11) is wrong")
        }
        return key.digits
    }

    // MARK: - GET /customers/{document}/invoices

    @Sendable func customerInvoices(_ request: Request, context: Context) async throws -> InvoicePageDocument {
        let document = try Self.customerDocument(context.parameters.get("document") ?? "")
        let parameters = request.uri.queryParameters
        let dates = try IssueDateRange.parse(from: parameters["from"], to: parameters["to"])
        let limit = try pageSize(parameters["limit"])
        let startKey = try parameters["cursor"].map { text throws(QueryAPIError) in
            try cursor.decode(text, customerDocument: document)
        }
        if dates.isEmpty { return InvoicePageDocument(invoices: [], nextCursor: nil) }
        let page = try await repository.invoices(
            CustomerInvoiceQuery(customerDocument: document, issueDates: dates, limit: limit, startKey: startKey)
        )
        return InvoicePageDocument(
            invoices: try page.items.map(invoiceDocument),
            nextCursor: page.nextStartKey.flatMap { cursor.encode(startKey: $0, customerDocument: document) }
        )
    }

    /// - Throws: `invalid_customer_document` unless `text` is a CPF (11 digits) or CNPJ (14 digits).
    static func customerDocument(_ text: String) throws(QueryAPIError) -> String {
        let digits = text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard digits, text.utf8.count == 11 || text.utf8.count == 14 else {
            throw QueryAPIError(.invalidCustomerDocument, "a customer document is a CPF (11 digits) or a CNPJ (14 digits)")
        }
        return text
    }

    /// - Throws: `invalid_limit` unless `text` is absent or an integer in 1…`maxPageSize`.
    func pageSize(_ text: Substring?) throws(QueryAPIError) -> Int {
        guard let text else { return defaultPageSize }
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let limit = Int(text), (1...maxPageSize).contains(limit)
        else {
            throw QueryAPIError(.invalidLimit, "limit must be an integer from 1 to \(maxPageSize)")
        }
        return limit
    }

    // MARK: - Items

    private func invoiceDocument(_ item: DynamoItem) throws -> InvoiceDocument {
        guard let document = InvoiceDocument(item: item) else {
            logger.error("stored item is not an invoice", metadata: ["pk": "\(item[InvoiceTable.Attribute.partitionKey]?.stringValue ?? "?")"])
            throw QueryAPIError.internal
        }
        return document
    }
}
