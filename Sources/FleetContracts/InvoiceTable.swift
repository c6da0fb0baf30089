import AWSClients

/// The `Invoices` table: its attribute names, key, index and item mapping, defined once
/// for the worker that writes it, the API that reads it, `reconcile` and `setup`.
///
/// Renaming an attribute here renames it everywhere; a stored table keeps the old
/// names, so a rename is a schema version bump (`schemaVersion`), not an edit.
package enum InvoiceTable {
    /// Attribute names of an item.
    package enum Attribute {
        /// The partition key: the 44-digit NF-e access key.
        package static let partitionKey = "pk"
        package static let accessKey = "accessKey"
        package static let invoiceNumber = "invoiceNumber"
        package static let series = "series"
        package static let issuerCNPJ = "issuerCnpj"
        package static let issuerName = "issuerName"
        package static let customerDocument = "customerDocument"
        package static let customerName = "customerName"
        /// A number, written from the exact decimal text.
        package static let totalAmount = "totalAmount"
        package static let currency = "currency"
        /// Numbers: the invoice-level discount and charges (zero when the file has none).
        package static let discount = "discount"
        package static let freight = "freight"
        package static let insurance = "insurance"
        package static let otherCharges = "otherCharges"
        /// UTC ISO 8601, so that the index sorts chronologically whatever the issuer's offset.
        package static let issueDate = "issueDate"
        /// `issueDate` as the issuer wrote it, with its offset.
        package static let issueDateLocal = "issueDateLocal"
        package static let itemCount = "itemCount"
        /// A list of maps with the `Line` attributes.
        package static let items = "items"
        package static let sourceBucket = "sourceBucket"
        package static let sourceKey = "sourceKey"
        package static let sourceETag = "sourceETag"
        /// Which version of the source object this is: see `S3EventRecord.sourceVersion`.
        package static let sourceVersion = "sourceVersion"
        /// SHA-256 (hex) of the invoice's content: see `InvoiceIdentity.contentHash(of:)`.
        package static let contentHash = "contentHash"
        /// On an item an operator's replay stored over a conflicting invoice: the object
        /// that invoice came from, so that `reconcile` accounts for it.
        package static let replacedSourceBucket = "replacedSourceBucket"
        package static let replacedSourceKey = "replacedSourceKey"
        package static let replacedSourceETag = "replacedSourceETag"
        package static let storedAt = "storedAt"
        package static let schemaVersion = "schemaVersion"
    }

    /// Attribute names inside each element of `items`.
    package enum Line {
        package static let sku = "sku"
        package static let description = "description"
        package static let quantity = "quantity"
        package static let unitPrice = "unitPrice"
        package static let total = "total"
    }

    /// The global secondary index of a customer's invoices by issue date.
    package enum ByCustomer {
        package static let name = "byCustomer"
        package static let partitionKey = Attribute.customerDocument
        package static let sortKey = Attribute.issueDate
        /// The attributes of an index page's `LastEvaluatedKey`: the index's key and the table's.
        package static let pageKeyAttributes = [Attribute.partitionKey, partitionKey, sortKey]
    }

    /// The version written in `schemaVersion`.
    package static let schemaVersion = 1

    /// The key of the item of `accessKey`.
    package static func key(accessKey: String) -> DynamoItem {
        [Attribute.partitionKey: .string(accessKey)]
    }

    /// The table's definition, for `setup` and the tests' private stacks.
    package static func definition(named name: String) -> DynamoTableDefinition {
        DynamoTableDefinition(
            name: name, partitionKey: .init(Attribute.partitionKey, .string),
            globalSecondaryIndexes: [
                .init(name: ByCustomer.name, partitionKey: .init(ByCustomer.partitionKey, .string),
                      sortKey: .init(ByCustomer.sortKey, .string)),
            ]
        )
    }
}
