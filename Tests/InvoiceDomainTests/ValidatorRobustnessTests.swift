import InvoiceDomain
import InvoiceGenerator
import Testing

/// Damaged bytes must yield a rejection, never a trap: this test passing at all is the
/// assertion, since a crash would abort the whole run.
@Suite("InvoiceValidator robustness")
struct ValidatorRobustnessTests {
    /// A tiny LCG: the test needs reproducible damage, not good randomness.
    private struct Damage {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("Randomly damaged invoices are rejected or accepted, never crash")
    func damagedFiles() {
        let generator = InvoiceGenerator(seed: 8, configuration: .init(now: Fixtures.now, brokenShare: 0))
        var damage = Damage(state: 8)
        var outcomes: [InvoiceErrorCode: Int] = [:]
        let interesting: [UInt8] = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x2D, 0x2E, 0x65, 0x30, 0x80, 0xC3, 0xFF]
        for index in 0..<3_000 {
            var bytes = generator.file(at: index).body
            for _ in 0...damage.next(3) {
                let position = damage.next(bytes.count)
                switch damage.next(4) {
                case 0: bytes[position] = interesting[damage.next(interesting.count)]
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(interesting[damage.next(interesting.count)], at: position)
                default: bytes[position] = UInt8(damage.next(256))
                }
            }
            if case .failure(let rejection) = Fixtures.validator.validate(bytes, now: Fixtures.now) {
                outcomes[rejection.code, default: 0] += 1
                #expect(!rejection.message.isEmpty)
            }
        }
        // Damage lands in many places, so many different rules must have fired.
        #expect(outcomes.count >= 8, "\(outcomes)")
    }
}
