import NIOCore

/// An object read from S3.
public struct S3Object: Sendable {
    /// The content.
    public var body: ByteBuffer
    /// The entity tag without its surrounding quotes (as S3 event records give it).
    public var eTag: String
    /// The size in bytes.
    public var size: Int
    /// `Content-Type`, if S3 sent one.
    public var contentType: String?

    public init(body: ByteBuffer, eTag: String, size: Int, contentType: String? = nil) {
        self.body = body
        self.eTag = eTag
        self.size = size
        self.contentType = contentType
    }

    /// The content as an array of bytes.
    public var bytes: [UInt8] { Array(body.readableBytesView) }
}
