import NIOCore
import NIOHTTP1

/// A successful response whose body has been read.
struct AWSResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
}
