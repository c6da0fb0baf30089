import AWSClients
import InvoiceDomain

/// Maps a validated invoice to its `Invoices` table item (ARCHITECTURE.md, "Contracts").
///
/// Amounts are DynamoDB numbers written from their exact decimal text, never via Double.
/// `issueDate` is normalised to UTC so that the `byCustomer` index sorts chronologically
/// whatever offset each issuer used; the original text stays in `issueDateLocal`.
public enum InvoiceItemEncoder {
    public static let schemaVersion = 1

    public static func item(for invoice: Invoice, source: InvoiceSource, storedAt: String) -> DynamoItem {
        [
            "pk": .string(invoice.accessKey),
            "accessKey": .string(invoice.accessKey),
            "invoiceNumber": .string(invoice.invoiceNumber),
            "series": .string(invoice.series),
            "issuerCnpj": .string(invoice.issuer.cnpj),
            "issuerName": .string(invoice.issuer.name),
            "customerDocument": .string(invoice.customer.document),
            "customerName": .string(invoice.customer.name),
            "totalAmount": .number(invoice.totalAmount.description),
            "currency": .string(invoice.currency),
            "issueDate": .string(ISO8601Timestamp.format(invoice.issuedAt, offsetMinutes: 0)),
            "issueDateLocal": .string(invoice.issueDate),
            "itemCount": .integer(invoice.items.count),
            "items": .list(invoice.items.map { item in
                .map([
                    "sku": .string(item.sku),
                    "description": .string(item.description),
                    "quantity": .number(item.quantity.description),
                    "unitPrice": .number(item.unitPrice.description),
                    "total": .number(item.total.description),
                ])
            }),
            "sourceBucket": .string(source.bucket),
            "sourceKey": .string(source.key),
            "sourceETag": .string(source.eTag),
            "storedAt": .string(storedAt),
            "schemaVersion": .integer(schemaVersion),
        ]
    }
}

/// The S3 object an invoice came from.
public struct InvoiceSource: Sendable, Hashable {
    public var bucket: String
    public var key: String
    public var eTag: String

    public init(bucket: String, key: String, eTag: String) {
        self.bucket = bucket
        self.key = key
        self.eTag = eTag
    }
}
