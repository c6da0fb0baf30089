import Foundation
import InvoiceDomain
import InvoiceGenerator
import Testing

@Suite("InvoiceGenerator")
struct InvoiceGeneratorTests {
    private static let now = Fixtures.now

    private func generator(seed: UInt64, brokenShare: Double = 0.05) -> InvoiceGenerator {
        InvoiceGenerator(seed: seed, configuration: .init(now: Self.now, brokenShare: brokenShare))
    }

    @Test("The same seed gives the same bytes; another seed, other bytes")
    func determinism() {
        let first = generator(seed: 42)
        let again = generator(seed: 42)
        let other = generator(seed: 43)
        for index in [0, 1, 19, 20, 39, 500, 1_999, 1_000_000_007] {
            #expect(first.file(at: index) == again.file(at: index))
            #expect(first.file(at: index).body != other.file(at: index).body)
        }
        // Order of generation does not matter: files are functions of (seed, index).
        let forwards = Array(first.files(0..<50))
        let backwards = (0..<50).reversed().map(again.file(at:)).reversed()
        #expect(forwards == Array(backwards))
    }

    @Test("Every generated file gets exactly its expected outcome", arguments: [1, 7, 2026, 0xDEAD_BEEF] as [UInt64])
    func outcomes(seed: UInt64) {
        let generator = generator(seed: seed, brokenShare: 0.1)
        let validator = InvoiceValidator()
        var seen: [InvoiceErrorCode: Int] = [:]
        for file in generator.files(0..<2_500) {
            let actual: ExpectedOutcome
            switch validator.validate(file.body, now: Self.now) {
            case .success(let invoice): actual = .stored(accessKey: invoice.accessKey)
            case .failure(let rejection): actual = .deadLettered(code: rejection.code)
            }
            #expect(actual == file.expected, "seed \(seed) index \(file.index): \(Self.excerpt(file.body))")
            if case .deadLettered(let code) = file.expected { seen[code, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == Set(InvoiceErrorCode.allCases))
    }

    @Test("2,000 files at 5% broken cover every error code")
    func coverage() {
        let files = Array(generator(seed: 99).files(0..<2_000))
        var codes: [InvoiceErrorCode] = []
        for file in files {
            if case .deadLettered(let code) = file.expected { codes.append(code) }
        }
        #expect(codes.count == 100)
        #expect(Set(codes) == Set(InvoiceErrorCode.allCases))
    }

    @Test("Access keys and S3 keys are unique within a run")
    func uniqueness() {
        let files = Array(generator(seed: 5).files(0..<3_000))
        var accessKeys = Set<String>()
        for file in files {
            if case .stored(let accessKey) = file.expected { #expect(accessKeys.insert(accessKey).inserted) }
        }
        #expect(accessKeys.count == 2_850)
        #expect(Set(files.map(\.key)).count == files.count)
    }

    @Test("Valid invoices look like real ones")
    func realism() throws {
        let generator = generator(seed: 11, brokenShare: 0)
        let validator = InvoiceValidator()
        var people = 0
        var fractional = 0
        var itemCounts = Set<Int>()
        var specialKeys = 0
        var rounded = 0, discounted = 0, shipped = 0, consumer = 0, finePrices = 0
        for file in generator.files(0..<1_000) {
            let invoice = try validator.validate(file.body, now: Self.now).get()
            if invoice.items.contains(where: { Int128($0.quantity.tenThousandths) * $0.unitPrice.units % 1_000_000_000_000 != 0 }) { rounded += 1 }
            if invoice.charges.discount.cents > 0 { discounted += 1 }
            if invoice.charges.freight.cents > 0 { shipped += 1 }
            if NFeAccessKey(invoice.accessKey)?.model == 65 { consumer += 1 }
            if invoice.items.contains(where: { $0.unitPrice.units % 100_000_000 != 0 }) { finePrices += 1 }
            #expect((1...50).contains(invoice.items.count))
            itemCounts.insert(invoice.items.count)
            if invoice.customer.document.count == 11 { people += 1 }
            if invoice.items.contains(where: { $0.quantity.tenThousandths % 10_000 != 0 }) { fractional += 1 }
            #expect(invoice.issuedAt <= Self.now)
            #expect(invoice.issuedAt > Self.now.addingTimeInterval(-31 * 86_400))
            #expect(file.key.hasSuffix(".json"))
            if file.key.contains(" ") || file.key.contains("+") || !file.key.allSatisfy(\.isASCII) { specialKeys += 1 }
        }
        #expect((550...850).contains(people), "CPF customers: \(people)")
        #expect(fractional > 50, "invoices with fractional quantities: \(fractional)")
        #expect(itemCounts.contains(1) && itemCounts.contains { $0 > 30 })
        #expect((5...80).contains(specialKeys), "keys needing encoding: \(specialKeys)")
        #expect(rounded > 200, "item totals rounded from a product with more than 2 places: \(rounded)")
        #expect((100...300).contains(discounted), "invoices with a discount: \(discounted)")
        #expect((50...250).contains(shipped), "invoices with freight: \(shipped)")
        #expect((80...250).contains(consumer), "NFC-e (model 65): \(consumer)")
        #expect(finePrices > 20, "unit prices with more than 2 places: \(finePrices)")
    }

    @Test("Conflict claims: a second object with the previous file's key, other content; both contested")
    func conflicts() throws {
        let generator = InvoiceGenerator(seed: 8, configuration: .init(now: Self.now, brokenShare: 0.05, conflictShare: 0.02))
        let validator = InvoiceValidator()
        let files = Array(generator.files(0..<2_000))
        var pairs = 0
        for (index, file) in files.enumerated() {
            guard case let .contested(accessKey) = file.expected, index > 0,
                  case .contested(accessKey) = files[index - 1].expected, file.key.hasSuffix("-corrigida.json")
            else { continue }
            pairs += 1
            let claim = try validator.validate(file.body, now: Self.now).get()
            let original = try validator.validate(files[index - 1].body, now: Self.now).get()
            #expect(claim.accessKey == accessKey && original.accessKey == accessKey)
            #expect(claim != original, "the claim's content differs")
            #expect(file.key != files[index - 1].key)
        }
        let contested = files.filter { if case .contested = $0.expected { true } else { false } }.count
        #expect((30...50).contains(pairs), "pairs: \(pairs)")
        #expect(contested == 2 * pairs, "every contested file is in exactly one pair")
        // With no conflict share, nothing is contested and every file is as before.
        let plain = InvoiceGenerator(seed: 8, configuration: .init(now: Self.now, brokenShare: 0.05))
        #expect(plain.file(at: 1).expected != ExpectedOutcome.contested(accessKey: ""))
        #expect(files.indices.allSatisfy { index in
            if case .contested = files[index].expected { return true }
            return files[index] == plain.file(at: index)
        })
    }

    @Test("Oversized files exceed the configured limit and nothing else")
    func oversized() {
        let generator = InvoiceGenerator(
            seed: 3,
            configuration: .init(now: Self.now, brokenShare: 1, validation: .init(maxFileSize: 20_000)))
        for file in generator.files(0..<75) where file.expected == .deadLettered(code: .fileTooLarge) {
            #expect(file.body.count > 20_000)
            let relaxed = InvoiceValidator(configuration: .init(maxFileSize: 1 << 30))
            #expect((try? relaxed.validate(file.body, now: Self.now).get()) != nil)
        }
    }

    private static func excerpt(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(400), as: UTF8.self)
    }
}
