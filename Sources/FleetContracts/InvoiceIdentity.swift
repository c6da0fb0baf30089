import AWSClients
import Crypto
import InvoiceDomain

/// What decides whether an invoice may be written over the item stored under its access
/// key: the content's hash, the object it came from, and which version of that object.
///
/// The rules (`IdentityRule` in the worker) need only these attributes, so the worker
/// reads just them (`attributes`) before writing.
package struct InvoiceIdentity: Sendable, Equatable {
    package var accessKey: String
    package var contentHash: String
    package var source: InvoiceSource
    /// `nil` for items written before versions were recorded.
    package var version: String?

    package init(accessKey: String, contentHash: String, source: InvoiceSource, version: String?) {
        self.accessKey = accessKey
        self.contentHash = contentHash
        self.source = source
        self.version = version
    }

    /// The attributes `init(item:)` reads.
    package static let attributes = [
        InvoiceTable.Attribute.partitionKey, InvoiceTable.Attribute.contentHash, InvoiceTable.Attribute.sourceBucket,
        InvoiceTable.Attribute.sourceKey, InvoiceTable.Attribute.sourceETag, InvoiceTable.Attribute.sourceVersion,
    ]

    /// Reads a stored item (or its projection on `attributes`). An item written before
    /// content hashes were recorded gets an empty hash: it equals no invoice's.
    package init?(item: DynamoItem) {
        guard let accessKey = item[InvoiceTable.Attribute.partitionKey]?.stringValue,
              let source = StoredInvoice.source(item)
        else { return nil }
        self.init(
            accessKey: accessKey, contentHash: item[InvoiceTable.Attribute.contentHash]?.stringValue ?? "",
            source: source, version: item[InvoiceTable.Attribute.sourceVersion]?.stringValue)
    }

    /// Whether this and `other` came from the same S3 object (any version).
    package func isSameObject(as other: InvoiceIdentity) -> Bool {
        source.bucket == other.source.bucket && source.key == other.source.key
    }

    /// SHA-256 of the invoice's content, every field as validated, in a fixed order, each
    /// length-prefixed so that no two invoices share an encoding. Formatting of the file
    /// (spaces, field order, `21.0` for `21.00`, unknown fields) does not count: the same
    /// invoice written two ways is the same invoice.
    package static func contentHash(of invoice: Invoice) -> String {
        // One buffer hashed once: feeding the hasher field by field costs more than the hash.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + invoice.items.count * 96)
        func add(_ text: String) {
            let count = UInt32(text.utf8.count)
            bytes.append(contentsOf: [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)])
            bytes.append(contentsOf: text.utf8)
        }
        add(String(invoice.schemaVersion))
        for field in [invoice.accessKey, invoice.invoiceNumber, invoice.series, invoice.issueDate,
                      invoice.issuer.cnpj, invoice.issuer.name, invoice.customer.document, invoice.customer.name,
                      invoice.totalAmount.description, invoice.charges.discount.description,
                      invoice.charges.freight.description, invoice.charges.insurance.description,
                      invoice.charges.otherCharges.description, invoice.currency, String(invoice.items.count)] {
            add(field)
        }
        for item in invoice.items {
            add(item.sku)
            add(item.description)
            add(item.quantity.description)
            add(item.unitPrice.description)
            add(item.total.description)
        }
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension S3EventRecord {
    /// A string that orders the versions of one object the way S3 made them, for
    /// DynamoDB to compare in a condition (`<` on strings is byte order).
    ///
    /// S3's `sequencer` is a hexadecimal number that grows with each PUT of one key;
    /// left-padded to a fixed width, its text order is its numeric order. The event time
    /// follows, for stand-ins whose sequencer is a constant (moto's) and as a tie-break.
    package var sourceVersion: String {
        let sequencer = (s3.object.sequencer ?? "").uppercased()
        let padded = String(repeating: "0", count: max(0, 32 - sequencer.count)) + sequencer
        return padded + "/" + (eventTime ?? "")
    }
}
