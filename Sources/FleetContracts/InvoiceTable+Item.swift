import AWSClients
import InvoiceDomain

extension InvoiceTable {
    /// The item of a validated invoice.
    ///
    /// Amounts are DynamoDB numbers written from their exact decimal text, never via
    /// Double. `issueDate` is normalised to UTC (see `Attribute.issueDate`).
    /// - Parameter version: the source object's version (`S3EventRecord.sourceVersion`),
    ///   when known: what orders two versions of one object.
    package static func item(for invoice: Invoice, source: InvoiceSource, version: String? = nil, storedAt: String) -> DynamoItem {
        var item: DynamoItem = [
            Attribute.partitionKey: .string(invoice.accessKey),
            Attribute.accessKey: .string(invoice.accessKey),
            Attribute.invoiceNumber: .string(invoice.invoiceNumber),
            Attribute.series: .string(invoice.series),
            Attribute.issuerCNPJ: .string(invoice.issuer.cnpj),
            Attribute.issuerName: .string(invoice.issuer.name),
            Attribute.customerDocument: .string(invoice.customer.document),
            Attribute.customerName: .string(invoice.customer.name),
            Attribute.totalAmount: .number(invoice.totalAmount.description),
            Attribute.discount: .number(invoice.charges.discount.description),
            Attribute.freight: .number(invoice.charges.freight.description),
            Attribute.insurance: .number(invoice.charges.insurance.description),
            Attribute.otherCharges: .number(invoice.charges.otherCharges.description),
            Attribute.currency: .string(invoice.currency),
            Attribute.issueDate: .string(ISO8601Timestamp.format(invoice.issuedAt, offsetMinutes: 0)),
            Attribute.issueDateLocal: .string(invoice.issueDate),
            Attribute.itemCount: .integer(invoice.items.count),
            Attribute.items: .list(invoice.items.map { item in
                .map([
                    Line.sku: .string(item.sku),
                    Line.description: .string(item.description),
                    Line.quantity: .number(item.quantity.description),
                    Line.unitPrice: .number(item.unitPrice.description),
                    Line.total: .number(item.total.description),
                ])
            }),
            Attribute.sourceBucket: .string(source.bucket),
            Attribute.sourceKey: .string(source.key),
            Attribute.sourceETag: .string(source.eTag),
            Attribute.storedAt: .string(storedAt),
            Attribute.schemaVersion: .integer(schemaVersion),
            Attribute.contentHash: .string(InvoiceIdentity.contentHash(of: invoice)),
        ]
        if let version { item[Attribute.sourceVersion] = .string(version) }
        return item
    }
}

/// The S3 object an invoice came from.
package struct InvoiceSource: Sendable, Hashable {
    package var bucket: String
    package var key: String
    package var eTag: String

    package init(bucket: String, key: String, eTag: String) {
        self.bucket = bucket
        self.key = key
        self.eTag = eTag
    }
}
