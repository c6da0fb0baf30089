import Crypto
import Foundation

/// How API keys are stored: the lowercase hex SHA-256 of the key, never the key itself.
///
/// Keys are random tokens of at least 128 bits, not passwords, so a fast unsalted hash is
/// enough: nobody can search that space, and the server never needs the plain text.
package enum APIKeyHash {
    /// The hash to configure for `key` (what `invoice-fleet api hash-key` prints).
    package static func hex(of key: some StringProtocol) -> String {
        digest(of: key).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// A new random key: 32 bytes as base64url, 43 characters.
    package static func newKey() -> String {
        PageCursor.base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The 32 digest bytes of `key`.
    static func digest(of key: some StringProtocol) -> [UInt8] {
        Array(SHA256.hash(data: Array(key.utf8)))
    }

    /// The 32 bytes a configured hash stands for; `nil` unless it is 64 hex digits.
    static func bytes(ofHex hex: some StringProtocol) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// Whether `digest` is one of `accepted`, in time that depends only on their counts:
    /// every candidate is compared in full, without an early exit.
    static func contains(_ accepted: [[UInt8]], _ digest: [UInt8]) -> Bool {
        var found: UInt8 = 0
        for candidate in accepted where candidate.count == digest.count {
            var difference: UInt8 = 0
            for index in candidate.indices {
                difference |= candidate[index] ^ digest[index]
            }
            found |= difference == 0 ? 1 : 0
        }
        return found == 1
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
