import AWSClients
import Hummingbird
import InvoiceDomain

/// An invoice as the API shows it, read from its `Invoices` item.
///
/// Amounts are strings with exactly two decimal places (`"21.00"`) and quantities exact
/// decimal strings (`"1.5"`): DynamoDB hands numbers back normalised (`21.00` becomes
/// `21`) and JSON numbers would invite clients to parse money into floating point.
/// Ingestion details (source bucket, key, ETag) stay internal.
public struct InvoiceDocument: ResponseCodable, Sendable, Equatable {
    public struct Issuer: Codable, Sendable, Equatable {
        public var cnpj: String
        public var name: String
    }

    public struct Customer: Codable, Sendable, Equatable {
        public var document: String
        public var name: String
    }

    public struct Item: Codable, Sendable, Equatable {
        public var sku: String
        public var description: String
        public var quantity: String
        public var unitPrice: String
        public var total: String
    }

    public var accessKey: String
    public var invoiceNumber: String
    public var series: String
    /// The issue instant in UTC, as indexed (`2026-11-24T13:15:00Z`).
    public var issueDate: String
    /// The issue date-time as the issuer wrote it, with its offset.
    public var issueDateLocal: String?
    public var issuer: Issuer
    public var customer: Customer
    public var totalAmount: String
    public var currency: String
    public var itemCount: Int
    public var items: [Item]
    /// When the worker stored it (UTC).
    public var storedAt: String?
    public var schemaVersion: Int

    /// Reads an item written by `InvoiceItemEncoder`.
    ///
    /// - Returns: `nil` when a required attribute is missing or of the wrong type.
    public init?(item: DynamoItem) {
        guard let accessKey = item["accessKey"]?.stringValue ?? item["pk"]?.stringValue,
              let invoiceNumber = item["invoiceNumber"]?.stringValue,
              let series = item["series"]?.stringValue,
              let issueDate = item["issueDate"]?.stringValue,
              let issuerCnpj = item["issuerCnpj"]?.stringValue,
              let customerDocument = item["customerDocument"]?.stringValue,
              let total = item["totalAmount"]?.numberText,
              let itemValues = item["items"]?.listValue
        else { return nil }
        var items: [Item] = []
        for value in itemValues {
            guard let fields = value.mapValue, let line = Self.item(fields) else { return nil }
            items.append(line)
        }
        self.accessKey = accessKey
        self.invoiceNumber = invoiceNumber
        self.series = series
        self.issueDate = issueDate
        issueDateLocal = item["issueDateLocal"]?.stringValue
        issuer = Issuer(cnpj: issuerCnpj, name: item["issuerName"]?.stringValue ?? "")
        customer = Customer(document: customerDocument, name: item["customerName"]?.stringValue ?? "")
        totalAmount = Self.money(total)
        currency = item["currency"]?.stringValue ?? Invoice.defaultCurrency
        itemCount = item["itemCount"]?.intValue ?? items.count
        self.items = items
        storedAt = item["storedAt"]?.stringValue
        schemaVersion = item["schemaVersion"]?.intValue ?? 1
    }

    private static func item(_ fields: [String: DynamoValue]) -> Item? {
        guard let quantity = fields["quantity"]?.numberText, let unitPrice = fields["unitPrice"]?.numberText,
              let total = fields["total"]?.numberText
        else { return nil }
        return Item(
            sku: fields["sku"]?.stringValue ?? "", description: fields["description"]?.stringValue ?? "",
            quantity: Quantity(quantity)?.description ?? quantity,
            unitPrice: money(unitPrice), total: money(total)
        )
    }

    /// `21` → `21.00`; text that is not a plain amount is passed on unchanged.
    private static func money(_ text: String) -> String {
        Money(text)?.description ?? text
    }
}
