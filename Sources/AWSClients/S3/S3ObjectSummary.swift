import Foundation

/// One entry of a bucket listing.
package struct S3ObjectSummary: Sendable, Equatable {
    /// The object key, decoded.
    package var key: String
    /// The entity tag without quotes.
    package var eTag: String
    package var size: Int
    package var lastModified: Date?

    package init(key: String, eTag: String, size: Int, lastModified: Date?) {
        self.key = key
        self.eTag = eTag
        self.size = size
        self.lastModified = lastModified
    }
}
