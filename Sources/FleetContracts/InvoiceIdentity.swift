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
        func addLength(_ count: Int) {
            let count = UInt32(count)
            bytes.append(UInt8(count >> 24))
            bytes.append(UInt8(count >> 16 & 0xFF))
            bytes.append(UInt8(count >> 8 & 0xFF))
            bytes.append(UInt8(count & 0xFF))
        }
        func add(_ text: String) {
            addLength(text.utf8.count)
            bytes.append(contentsOf: text.utf8)
        }
        func addAmount(_ amount: some DecimalText) {
            // The length is patched in once the text is written (a few bytes: the low two).
            let start = bytes.count
            addLength(0)
            amount.appendText(to: &bytes)
            let count = bytes.count - start - 4
            bytes[start + 2] = UInt8(count >> 8 & 0xFF)
            bytes[start + 3] = UInt8(count & 0xFF)
        }
        add(String(invoice.schemaVersion))
        add(invoice.accessKey)
        add(invoice.invoiceNumber)
        add(invoice.series)
        add(invoice.issueDate)
        add(invoice.issuer.cnpj)
        add(invoice.issuer.name)
        add(invoice.customer.document)
        add(invoice.customer.name)
        addAmount(invoice.totalAmount)
        addAmount(invoice.charges.discount)
        addAmount(invoice.charges.freight)
        addAmount(invoice.charges.insurance)
        addAmount(invoice.charges.otherCharges)
        add(invoice.currency)
        add(String(invoice.items.count))
        for item in invoice.items {
            add(item.sku)
            add(item.description)
            addAmount(item.quantity)
            addAmount(item.unitPrice)
            addAmount(item.total)
        }
        return hexadecimal(SHA256.hash(data: bytes))
    }

    private static func hexadecimal(_ digest: SHA256.Digest) -> String {
        String(unsafeUninitializedCapacity: 2 * SHA256.byteCount) { text in
            let hex: StaticString = "0123456789abcdef"
            var index = 0
            for byte in digest {
                text[index] = hex.utf8Start[Int(byte >> 4)]
                text[index + 1] = hex.utf8Start[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
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
