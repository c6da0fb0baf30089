import AWSClients

/// The `Invoices` table: its attribute names, key, index and item mapping, defined once
/// for the worker that writes it, the API that reads it, `reconcile` and `setup`.
///
/// Renaming an attribute here renames it everywhere; a stored table keeps the old
/// names, so a rename is a schema version bump (`schemaVersion`), not an edit.
public enum InvoiceTable {
    /// Attribute names of an item.
    public enum Attribute {
        /// The partition key: the 44-digit NF-e access key.
        public static let partitionKey = "pk"
        public static let accessKey = "accessKey"
        public static let invoiceNumber = "invoiceNumber"
        public static let series = "series"
        public static let issuerCNPJ = "issuerCnpj"
        public static let issuerName = "issuerName"
        public static let customerDocument = "customerDocument"
        public static let customerName = "customerName"
        /// A number, written from the exact decimal text.
        public static let totalAmount = "totalAmount"
        public static let currency = "currency"
        /// UTC ISO 8601, so that the index sorts chronologically whatever the issuer's offset.
        public static let issueDate = "issueDate"
        /// `issueDate` as the issuer wrote it, with its offset.
        public static let issueDateLocal = "issueDateLocal"
        public static let itemCount = "itemCount"
        /// A list of maps with the `Line` attributes.
        public static let items = "items"
        public static let sourceBucket = "sourceBucket"
        public static let sourceKey = "sourceKey"
        public static let sourceETag = "sourceETag"
        public static let storedAt = "storedAt"
        public static let schemaVersion = "schemaVersion"
    }

    /// Attribute names inside each element of `items`.
    public enum Line {
        public static let sku = "sku"
        public static let description = "description"
        public static let quantity = "quantity"
        public static let unitPrice = "unitPrice"
        public static let total = "total"
    }

    /// The global secondary index of a customer's invoices by issue date.
    public enum ByCustomer {
        public static let name = "byCustomer"
        public static let partitionKey = Attribute.customerDocument
        public static let sortKey = Attribute.issueDate
        /// The attributes of an index page's `LastEvaluatedKey`: the index's key and the table's.
        public static let pageKeyAttributes = [Attribute.partitionKey, partitionKey, sortKey]
    }

    /// The version written in `schemaVersion`.
    public static let schemaVersion = 1

    /// The key of the item of `accessKey`.
    public static func key(accessKey: String) -> DynamoItem {
        [Attribute.partitionKey: .string(accessKey)]
    }

    /// The table's definition, for `setup` and the tests' private stacks.
    public static func definition(named name: String) -> DynamoTableDefinition {
        DynamoTableDefinition(
            name: name, partitionKey: .init(Attribute.partitionKey, .string),
            globalSecondaryIndexes: [
                .init(name: ByCustomer.name, partitionKey: .init(ByCustomer.partitionKey, .string),
                      sortKey: .init(ByCustomer.sortKey, .string)),
            ]
        )
    }
}
