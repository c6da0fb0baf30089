import FleetContracts

/// What the item stored under an access key means for an invoice claiming that key.
package enum IdentityVerdict: Sendable, Equatable {
    /// Nothing is stored, or an older version of this same object is: write, on the
    /// condition that this is still so when DynamoDB applies the write.
    case write
    /// The stored item is this invoice (same content, from this or any other object).
    case duplicate(of: InvoiceIdentity)
    /// The same or a newer version of this object is stored: an old version never replaces it.
    case superseded(by: InvoiceIdentity)
    /// Another object's different invoice holds the key: `access_key_conflict`.
    case conflict(with: InvoiceIdentity)
    /// A conflict an operator chose to settle by replacing the stored invoice
    /// (`dlq replay --overwrite-conflicts`), on the condition that it is still the one seen.
    case overwrite(InvoiceIdentity)
}

/// The condition a write carries to DynamoDB, so that the rule holds with any number of
/// workers writing at once (a check in memory alone would race).
package enum IdentityCondition: Sendable, Equatable {
    /// No item under the key, or one from the same object (bucket and key) at an older
    /// version, or with no version recorded.
    case absentOrOlderVersion(bucket: String, key: String, version: String)
    /// The item still has this content hash.
    case contentHash(String)
}

/// One identity per access key across the fleet (ARCHITECTURE, "Identity").
package enum IdentityRule {
    /// - Parameters:
    ///   - candidate: the invoice about to be written.
    ///   - stored: what the table holds under its access key, read consistently.
    ///   - overwriteApproved: the message carries an operator's approval to overwrite a conflict.
    package static func judge(_ candidate: InvoiceIdentity, stored: InvoiceIdentity?, overwriteApproved: Bool) -> IdentityVerdict {
        guard let stored else { return .write }
        if stored.contentHash == candidate.contentHash { return .duplicate(of: stored) }
        if stored.isSameObject(as: candidate) {
            guard let storedVersion = stored.version, let version = candidate.version else { return .write }
            return version > storedVersion ? .write : .superseded(by: stored)
        }
        return overwriteApproved ? .overwrite(stored) : .conflict(with: stored)
    }

    /// The condition of a verdict's write; `nil` for verdicts that write nothing.
    package static func condition(for verdict: IdentityVerdict, candidate: InvoiceIdentity) -> IdentityCondition? {
        switch verdict {
        case .write:
            .absentOrOlderVersion(bucket: candidate.source.bucket, key: candidate.source.key, version: candidate.version ?? "")
        case let .overwrite(stored):
            .contentHash(stored.contentHash)
        case .duplicate, .superseded, .conflict:
            nil
        }
    }
}
