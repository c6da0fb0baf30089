/// The invoice store failed to answer: DynamoDB unreachable, throttling, access denied, a
/// missing table. The underlying error is for the server log only.
package struct InvoiceRepositoryError: Error, Sendable, CustomStringConvertible {
    package var underlying: any Error

    package init(_ underlying: any Error) {
        self.underlying = underlying
    }

    package var description: String { "invoice store unavailable: \(underlying)" }
}
