/// Why an invoice file cannot be stored: a stable code for machines and a message
/// naming the offending field for people.
///
/// Every rejection is permanent: the same bytes always fail the same way, so the
/// worker dead-letters them instead of retrying.
package struct InvoiceRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pipeline stage that rejected the file; raw values match the DLQ header `error.stage`.
    package enum Stage: String, Sendable, Hashable, CaseIterable, Codable {
        /// The bytes are not a well-formed schema 1 document.
        case parse
        /// The document is well-formed but breaks a business rule.
        case validate
    }

    /// The stable reason, e.g. `totals_mismatch`.
    package let code: InvoiceErrorCode
    /// A human-readable explanation that names the field, e.g.
    /// `items[2].total is 21.01 but quantity × unitPrice is 21.00`.
    package let message: String

    package init(_ code: InvoiceErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The stage is a function of the code, so the two can never disagree.
    package var stage: Stage { code.stage }

    package var description: String { "\(stage.rawValue)/\(code.rawValue): \(message)" }
}
