import AWSClients
import FleetContracts
import Hummingbird
import InvoiceDomain

/// An invoice as the API shows it, read from its `Invoices` item.
///
/// Amounts are strings with exactly two decimal places (`"21.00"`; unit prices two to
/// ten) and quantities exact
/// decimal strings (`"1.5"`): DynamoDB hands numbers back normalised (`21.00` becomes
/// `21`) and JSON numbers would invite clients to parse money into floating point.
/// Ingestion details (source bucket, key, ETag) stay internal.
package struct InvoiceDocument: ResponseCodable, Sendable, Equatable {
    package struct Issuer: Codable, Sendable, Equatable {
        package var cnpj: String
        package var name: String
    }

    package struct Customer: Codable, Sendable, Equatable {
        package var document: String
        package var name: String
    }

    /// An item line as stored, with its amounts presented (see `init(_:)`).
    package typealias Item = StoredInvoice.Line

    package var accessKey: String
    package var invoiceNumber: String
    package var series: String
    /// The issue instant in UTC, as indexed (`2026-11-24T13:15:00Z`).
    package var issueDate: String
    /// The issue date-time as the issuer wrote it, with its offset.
    package var issueDateLocal: String?
    package var issuer: Issuer
    package var customer: Customer
    package var totalAmount: String
    package var discount: String
    package var freight: String
    package var insurance: String
    package var otherCharges: String
    package var currency: String
    package var itemCount: Int
    package var items: [Item]
    /// When the worker stored it (UTC).
    package var storedAt: String?
    package var schemaVersion: Int

    /// Reads an item written by `InvoiceTable.item(for:source:storedAt:)`.
    ///
    /// - Returns: `nil` when a required attribute is missing or of the wrong type.
    package init?(item: DynamoItem) {
        guard let stored = StoredInvoice(item: item) else { return nil }
        self.init(stored)
    }

    package init(_ stored: StoredInvoice) {
        accessKey = stored.accessKey
        invoiceNumber = stored.invoiceNumber
        series = stored.series
        issueDate = stored.issueDate
        issueDateLocal = stored.issueDateLocal
        issuer = Issuer(cnpj: stored.issuerCNPJ, name: stored.issuerName)
        customer = Customer(document: stored.customerDocument, name: stored.customerName)
        totalAmount = Self.money(stored.totalAmount)
        discount = Self.money(stored.discount)
        freight = Self.money(stored.freight)
        insurance = Self.money(stored.insurance)
        otherCharges = Self.money(stored.otherCharges)
        currency = stored.currency
        itemCount = stored.itemCount
        items = stored.items.map { line in
            Item(
                sku: line.sku, description: line.description,
                quantity: Quantity(line.quantity)?.description ?? line.quantity,
                unitPrice: UnitPrice(line.unitPrice)?.description ?? line.unitPrice, total: Self.money(line.total)
            )
        }
        storedAt = stored.storedAt
        schemaVersion = stored.schemaVersion
    }

    /// `21` → `21.00`; text that is not a plain amount is passed on unchanged.
    private static func money(_ text: String) -> String {
        Money(text)?.description ?? text
    }
}
