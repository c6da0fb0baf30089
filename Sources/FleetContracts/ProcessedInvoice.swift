/// The value of an `invoices.processed` message: one stored invoice. Key: `accessKey`.
package struct ProcessedInvoice: Codable, Sendable, Equatable {
    package var accessKey: String
    package var invoiceNumber: String
    package var bucket: String
    package var key: String
    package var eTag: String
    /// Always `stored`.
    package var status: String
    /// ISO 8601, UTC.
    package var storedAt: String
    package var workerId: String

    package init(accessKey: String, invoiceNumber: String, bucket: String, key: String, eTag: String, storedAt: String, workerId: String) {
        self.accessKey = accessKey
        self.invoiceNumber = invoiceNumber
        self.bucket = bucket
        self.key = key
        self.eTag = eTag
        self.status = "stored"
        self.storedAt = storedAt
        self.workerId = workerId
    }
}
