/// The value of an `invoices.processed` message: one stored invoice. Key: `accessKey`.
public struct ProcessedInvoice: Codable, Sendable, Equatable {
    public var accessKey: String
    public var invoiceNumber: String
    public var bucket: String
    public var key: String
    public var eTag: String
    /// Always `stored`.
    public var status: String
    /// ISO 8601, UTC.
    public var storedAt: String
    public var workerId: String

    public init(accessKey: String, invoiceNumber: String, bucket: String, key: String, eTag: String, storedAt: String, workerId: String) {
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
