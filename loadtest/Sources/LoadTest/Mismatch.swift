/// One way a run's outcome differs from what the generator expected.
package struct Mismatch: Codable, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Codable, Sendable, CaseIterable {
        /// Uploaded, but no outcome arrived before the timeout.
        case missing
        /// An outcome other than the expected one (stored instead of dead-lettered, another code…).
        case wrongOutcome = "wrong_outcome"
        /// Two different outcomes for the same object.
        case conflicting
        /// An outcome for an object of this run that was never (successfully) uploaded.
        case unexpected
        /// The upload itself failed, so the object was not expected anywhere.
        case uploadFailed = "upload_failed"
    }

    package var kind: Kind
    package var key: String
    package var expected: String?
    package var observed: String?

    package init(kind: Kind, key: String, expected: String? = nil, observed: String? = nil) {
        self.kind = kind
        self.key = key
        self.expected = expected
        self.observed = observed
    }

    package var description: String {
        var text = "\(kind.rawValue): \(key)"
        if let expected { text += " expected \(expected)" }
        if let observed { text += " observed \(observed)" }
        return text
    }
}
