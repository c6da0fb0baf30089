import InvoiceDomain

/// One invoice file for the load generator to upload, with what the fleet must do with it.
package struct GeneratedFile: Sendable, Equatable {
    /// The position in the run; the same (seed, index) always gives the same file.
    package let index: Int
    /// The S3 object key, e.g. `2026/11/25/<accessKey>.json`, raw (not URL-encoded).
    /// A few contain a space, a `+` or non-ASCII letters, because S3 form-encodes keys
    /// in event notifications and the consumer must decode them.
    package let key: String
    /// The file's bytes.
    package let body: [UInt8]
    /// Whether the fleet must store it or dead-letter it, and with which code.
    package let expected: ExpectedOutcome
}
