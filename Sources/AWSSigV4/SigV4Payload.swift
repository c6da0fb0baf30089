import Crypto
import Foundation

/// What the signature says about the request body: its SHA-256, or that it is unsigned.
package struct SigV4Payload: Sendable, Equatable {
    /// The value of the payload-hash line of the canonical request (and of
    /// `X-Amz-Content-Sha256`): lower-case hex SHA-256, or `UNSIGNED-PAYLOAD`.
    package let hash: String

    /// A payload whose hash the caller has already computed (lower-case hex).
    package init(precomputedHash: String) {
        hash = precomputedHash
    }

    /// No body.
    package static let empty = SigV4Payload(precomputedHash: SigV4Payload.sha256Hex([UInt8]()))

    /// S3 only: the body is not covered by the signature (TLS protects it in transit).
    package static let unsigned = SigV4Payload(precomputedHash: "UNSIGNED-PAYLOAD")

    /// A body given as bytes; hashes them.
    package static func bytes(_ body: some DataProtocol) -> SigV4Payload {
        SigV4Payload(precomputedHash: sha256Hex(body))
    }

    /// Lower-case hex SHA-256 of `data`.
    package static func sha256Hex(_ data: some DataProtocol) -> String {
        hex(SHA256.hash(data: data))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output = [UInt8]()
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
