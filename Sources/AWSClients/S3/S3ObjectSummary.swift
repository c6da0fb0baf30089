import Foundation

/// One entry of a bucket listing.
public struct S3ObjectSummary: Sendable, Equatable {
    /// The object key, decoded.
    public var key: String
    /// The entity tag without quotes.
    public var eTag: String
    public var size: Int
    public var lastModified: Date?

    public init(key: String, eTag: String, size: Int, lastModified: Date?) {
        self.key = key
        self.eTag = eTag
        self.size = size
        self.lastModified = lastModified
    }
}
