import Foundation

/// Percent-encoding as Signature Version 4 defines it (RFC 3986).
///
/// Every byte of the UTF-8 form is encoded as `%XX` with upper-case hex, except the
/// unreserved characters `A-Z a-z 0-9 - _ . ~`. Foundation's encoders follow other
/// rules (they keep `+`, `=`, `&`, `/` in places), so AWS request building must use this.
package enum AWSPercentEncoding {
    /// Encodes `string` for use in a URI path or query component.
    ///
    /// - Parameters:
    ///   - string: The raw (decoded) text.
    ///   - keepingSlash: `true` for a path, where `/` separates segments and stays as is.
    /// - Returns: The encoded text, ASCII only.
    package static func encode(_ string: String, keepingSlash: Bool = false) -> String {
        var output = [UInt8]()
        output.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `%XX` sequences (and nothing else: `+` stays `+`).
    ///
    /// - Returns: The decoded text, or `nil` when a sequence is malformed or the bytes
    ///   are not UTF-8.
    package static func decode(_ string: String) -> String? {
        var output = [UInt8]()
        output.reserveCapacity(string.utf8.count)
        var iterator = string.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                output.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            output.append(high << 4 | low)
        }
        return String(bytes: output, encoding: .utf8)
    }

    // MARK: - Private

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
