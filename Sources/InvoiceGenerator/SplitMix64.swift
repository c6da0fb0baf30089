/// A small, fast, seedable PRNG (Steele, Lea and Flood's SplitMix64).
///
/// The generator owns its randomness, instead of `SystemRandomNumberGenerator` or the
/// standard library's `random(in:using:)` (whose algorithm may change between Swift
/// releases), so that a seed yields the same bytes on every machine and toolchain.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A stream for one (seed, index) pair: both are hashed, so neighbouring indices
    /// start far apart and never walk into each other's streams in practice.
    init(seed: UInt64, index: Int) {
        state = Self.mix(seed) ^ Self.mix(UInt64(truncatingIfNeeded: index) &+ 0x632B_E59B_D9B4_E019)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in `0..<bound` (bias below 2^-40 for the bounds used here).
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent` / 100.
    mutating func percent(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// The SplitMix64 output function, also a good 64-bit hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
