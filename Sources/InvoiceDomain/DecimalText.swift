/// An amount whose canonical text can be appended straight to bytes.
///
/// The content hash and the table item write some thirty amounts per invoice; building
/// each through String interpolation cost more than hashing them. Concrete (no generic
/// buffer helper) so that every call is specialised.
package protocol DecimalText: CustomStringConvertible {
    /// Appends the canonical text (ASCII) to `bytes`.
    func appendText(to bytes: inout [UInt8])
}

extension DecimalText {
    package var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Appends non-negative integers as decimal digits.
enum DecimalDigits {
    /// Appends `value`, zero-padded to at least `minimumCount` digits.
    static func append(_ value: UInt64, minimumCount: Int = 1, to bytes: inout [UInt8]) {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(count, minimumCount)))
        var remaining = value
        var index = bytes.count
        while remaining > 0 {
            index -= 1
            bytes[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
    }

    /// Appends `whole`, a point and `fraction` zero-padded to `places` digits.
    static func append(whole: UInt64, fraction: UInt64, places: Int, to bytes: inout [UInt8]) {
        append(whole, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        append(fraction, minimumCount: places, to: &bytes)
    }
}
