import InvoiceDomain

/// Resolves access keys that occur more than once in one batch.
///
/// The same invoice twice (duplicate events, or one file uploaded under two names) is
/// written once. The same access key with *different* content is a conflict that no
/// order of writes could settle correctly, so every copy is rejected.
package enum BatchDeduplicator {
    package struct Resolution: Sendable, Equatable {
        /// Indices (into the input) of the copy to write, one per distinct access key.
        package var toWrite: [Int]
        /// Indices whose access key conflicts with another copy in the batch.
        package var conflicting: [Int]
    }

    package static func resolve(_ invoices: [Invoice]) -> Resolution {
        var firstIndex: [String: Int] = [:]
        var conflicted: Set<String> = []
        for (index, invoice) in invoices.enumerated() {
            if let first = firstIndex[invoice.accessKey] {
                if invoices[first] != invoice { conflicted.insert(invoice.accessKey) }
            } else {
                firstIndex[invoice.accessKey] = index
            }
        }
        let toWrite = firstIndex.filter { !conflicted.contains($0.key) }.map(\.value).sorted()
        let conflicting = invoices.indices.filter { conflicted.contains(invoices[$0].accessKey) }
        return Resolution(toWrite: toWrite, conflicting: conflicting)
    }
}
