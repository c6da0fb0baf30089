import InvoiceDomain

/// What the fleet must do with a generated file.
package enum ExpectedOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The invoice is valid: one item with this access key ends up in the table.
    case stored(accessKey: String)
    /// The file breaks exactly one rule: one DLQ record with this `error.code`.
    case deadLettered(code: InvoiceErrorCode)
    /// The file and one other object claim this access key with different content:
    /// exactly one of the two is stored, the other is dead-lettered `access_key_conflict`,
    /// whichever the fleet reaches first.
    case contested(accessKey: String)

    package var description: String {
        switch self {
        case .stored(let accessKey): return "stored(\(accessKey))"
        case .deadLettered(let code): return "deadLettered(\(code.rawValue))"
        case .contested(let accessKey): return "contested(\(accessKey)): stored, or dead-lettered as a conflict"
        }
    }
}
