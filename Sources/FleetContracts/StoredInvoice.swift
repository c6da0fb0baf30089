import AWSClients
import InvoiceDomain

/// An `Invoices` item read back: the other half of `InvoiceTable.item(for:source:storedAt:)`.
///
/// Numbers are kept as DynamoDB returns their text (normalised: `21.00` comes back as
/// `21`); presenting them is the reader's business.
package struct StoredInvoice: Sendable, Equatable {
    /// One item line; its JSON (`Codable`) is also the query API's.
    package struct Line: Codable, Sendable, Equatable {
        package var sku: String
        package var description: String
        package var quantity: String
        package var unitPrice: String
        package var total: String

        package init(sku: String, description: String, quantity: String, unitPrice: String, total: String) {
            self.sku = sku
            self.description = description
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.total = total
        }
    }

    package var accessKey: String
    package var invoiceNumber: String
    package var series: String
    package var issueDate: String
    package var issueDateLocal: String?
    package var issuerCNPJ: String
    package var issuerName: String
    package var customerDocument: String
    package var customerName: String
    package var totalAmount: String
    /// discount, freight, insurance, otherCharges as stored; "0" for items written before them.
    package var discount: String
    package var freight: String
    package var insurance: String
    package var otherCharges: String
    package var currency: String
    package var itemCount: Int
    package var items: [Line]
    package var source: InvoiceSource?
    package var storedAt: String?
    package var schemaVersion: Int

    /// - Returns: `nil` when a required attribute is missing or of the wrong type.
    package init?(item: DynamoItem) {
        typealias A = InvoiceTable.Attribute
        guard let accessKey = item[A.accessKey]?.stringValue ?? item[A.partitionKey]?.stringValue,
              let invoiceNumber = item[A.invoiceNumber]?.stringValue,
              let series = item[A.series]?.stringValue,
              let issueDate = item[A.issueDate]?.stringValue,
              let issuerCNPJ = item[A.issuerCNPJ]?.stringValue,
              let customerDocument = item[A.customerDocument]?.stringValue,
              let total = item[A.totalAmount]?.numberText,
              let itemValues = item[A.items]?.listValue
        else { return nil }
        var items: [Line] = []
        for value in itemValues {
            guard let fields = value.mapValue, let line = Self.line(fields) else { return nil }
            items.append(line)
        }
        self.accessKey = accessKey
        self.invoiceNumber = invoiceNumber
        self.series = series
        self.issueDate = issueDate
        issueDateLocal = item[A.issueDateLocal]?.stringValue
        self.issuerCNPJ = issuerCNPJ
        issuerName = item[A.issuerName]?.stringValue ?? ""
        self.customerDocument = customerDocument
        customerName = item[A.customerName]?.stringValue ?? ""
        totalAmount = total
        discount = item[A.discount]?.numberText ?? "0"
        freight = item[A.freight]?.numberText ?? "0"
        insurance = item[A.insurance]?.numberText ?? "0"
        otherCharges = item[A.otherCharges]?.numberText ?? "0"
        currency = item[A.currency]?.stringValue ?? Invoice.defaultCurrency
        itemCount = item[A.itemCount]?.intValue ?? items.count
        self.items = items
        source = Self.source(item)
        storedAt = item[A.storedAt]?.stringValue
        schemaVersion = item[A.schemaVersion]?.intValue ?? InvoiceTable.schemaVersion
    }

    /// The object an item names, from the item alone or from a projection of the three
    /// source attributes (as `reconcile` scans).
    package static func source(_ item: DynamoItem) -> InvoiceSource? {
        typealias A = InvoiceTable.Attribute
        guard let bucket = item[A.sourceBucket]?.stringValue, let key = item[A.sourceKey]?.stringValue else { return nil }
        return InvoiceSource(bucket: bucket, key: key, eTag: item[A.sourceETag]?.stringValue ?? "")
    }

    private static func line(_ fields: [String: DynamoValue]) -> Line? {
        typealias L = InvoiceTable.Line
        guard let quantity = fields[L.quantity]?.numberText, let unitPrice = fields[L.unitPrice]?.numberText,
              let total = fields[L.total]?.numberText
        else { return nil }
        return Line(
            sku: fields[L.sku]?.stringValue ?? "", description: fields[L.description]?.stringValue ?? "",
            quantity: quantity, unitPrice: unitPrice, total: total
        )
    }
}
