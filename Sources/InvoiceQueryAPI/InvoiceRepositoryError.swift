/// The invoice store failed to answer: DynamoDB unreachable, throttling, access denied, a
/// missing table. The underlying error is for the server log only.
public struct InvoiceRepositoryError: Error, Sendable, CustomStringConvertible {
    public var underlying: any Error

    public init(_ underlying: any Error) {
        self.underlying = underlying
    }

    public var description: String { "invoice store unavailable: \(underlying)" }
}
