import NIOCore

/// An object read from S3.
package struct S3Object: Sendable {
    /// The content.
    package var body: ByteBuffer
    /// The entity tag without its surrounding quotes (as S3 event records give it).
    package var eTag: String
    /// The size in bytes.
    package var size: Int
    /// `Content-Type`, if S3 sent one.
    package var contentType: String?

    package init(body: ByteBuffer, eTag: String, size: Int, contentType: String? = nil) {
        self.body = body
        self.eTag = eTag
        self.size = size
        self.contentType = contentType
    }

    /// The content as an array of bytes.
    package var bytes: [UInt8] { Array(body.readableBytesView) }
}
