import Foundation
import InvoiceDomain
import Testing

/// The rules as SEFAZ applies them (NT 2011.004 and the MOC), each at its boundary.
@Suite("InvoiceValidator: SEFAZ's rules at their boundaries")
struct InvoiceValidatorSEFAZRuleTests {
    private static let sampleKey = "35261111222333000181550010001234561000123454"
    private static let sampleLine = #""quantity": 2, "unitPrice": "10.50", "total": "21.00""#
    private static let sampleTotal = #""totalAmount": "21.00""#

    /// The sample's key with some fields replaced, check digit recomputed.
    private static func key(stateCode: Int = 35, year: Int = 2026, month: Int = 11, model: Int = 55, emissionType: Int = 1) -> String {
        NFeAccessKey(stateCode: stateCode, year: year, month: month, issuerCNPJ: "11222333000181", model: model,
                     series: 1, number: 123_456, emissionType: emissionType, randomCode: 12_345)?.digits ?? "?"
    }

    /// The sample with one item line of `quantity` × `price` = `total`, the invoice's total following.
    private static func line(_ quantity: String, _ price: String, _ total: String) -> String {
        Fixtures.edited([
            (sampleLine, #""quantity": \#(quantity), "unitPrice": "\#(price)", "total": "\#(total)""#),
            (sampleTotal, #""totalAmount": "\#(total)""#),
        ])
    }

    private func code(_ text: String) -> InvoiceErrorCode? { Fixtures.rejection(text)?.code }

    // MARK: - Item totals: within R$ 0.01 of quantity × unit price

    @Test("1.5 × 10.33 = 15.495 is billed 15.50 or 15.49, both valid")
    func fractionalQuantityRoundedEitherWay() {
        #expect(code(Self.line("1.5", "10.33", "15.50")) == nil)
        #expect(code(Self.line("1.5", "10.33", "15.49")) == nil)
        let invoice = try? Fixtures.validate(Self.line("1.5", "10.33", "15.50")).get()
        #expect(invoice?.items.first?.total.description == "15.50")
    }

    @Test("R$ 0.01 either side is in, R$ 0.02 is out", arguments: [
        ("15.01", nil), ("14.99", nil), ("15.00", nil),
        ("15.02", InvoiceErrorCode.itemTotalMismatch), ("14.98", .itemTotalMismatch), ("14.90", .itemTotalMismatch),
    ])
    func tolerance(total: String, expected: InvoiceErrorCode?) {
        #expect(code(Self.line("3", "5.00", total)) == expected)
    }

    @Test("Half a cent past the tolerance is out: 15.495 billed 15.51")
    func justPastTolerance() {
        let rejection = Fixtures.rejection(Self.line("1.5", "10.33", "15.51"))
        #expect(rejection?.code == .itemTotalMismatch)
        #expect(rejection?.message.contains("15.495") == true, "\(rejection?.message ?? "")")
    }

    @Test("Quantities: 4 decimal places in, 5 out")
    func quantityPlaces() {
        #expect(code(Self.line("1.2345", "10.00", "12.35")) == nil)
        #expect(code(Self.line("0.3333", "90.00", "30.00")) == nil)
        #expect(code(Self.line("1.23456", "10.00", "12.35")) == .invalidQuantity)
    }

    @Test("Unit prices: 10 decimal places in, 11 out")
    func unitPricePlaces() throws {
        let text = Self.line("3", "0.3333333333", "1.00")
        #expect(code(text) == nil)
        let invoice = try Fixtures.validate(text).get()
        #expect(invoice.items[0].unitPrice.description == "0.3333333333")
        #expect(code(Self.line("3", "0.33333333333", "1.00")) == .invalidAmount)
        #expect(Fixtures.rejection(Self.line("3", "0.33333333333", "1.00"))?.message.contains("more than 10 decimal places") == true)
        #expect(code(Self.line("1", "99999999999.9999999999", "99999999999.99")) == nil)
        #expect(code(Self.line("1", "100000000000.00", "100000000000.00")) == .invalidAmount)
        #expect(code(Self.line("1", "-1.00", "1.00")) == .invalidAmount)
    }

    @Test("Money still has at most 2 places")
    func moneyPlaces() {
        #expect(code(Self.line("1", "10.00", "10.001")) == .invalidAmount)
    }

    // MARK: - Totals: items − discount + freight + insurance + otherCharges

    private static func withCharges(_ charges: String, total: String) -> String {
        Fixtures.edited([(sampleTotal, #""totalAmount": "\#(total)", \#(charges)"#)])
    }

    @Test("Discount, freight, insurance and other charges count, exactly to the cent", arguments: [
        (#""discount": "1.00""#, "20.00", nil),
        (#""freight": "15.00""#, "36.00", nil),
        (#""discount": "1.50", "freight": "10.00", "insurance": "2.25", "otherCharges": "0.25""#, "32.00", nil),
        (#""discount": null, "freight": null"#, "21.00", nil),
        (#""discount": "21.00""#, "0.00", nil),
        (#""discount": "1.00""#, "21.00", InvoiceErrorCode.totalsMismatch),
        (#""freight": "15.00""#, "35.99", .totalsMismatch),
        (#""discount": "1.50", "freight": "10.00", "insurance": "2.25", "otherCharges": "0.25""#, "32.01", .totalsMismatch),
        (#""discount": "22.00""#, "0.00", .totalsMismatch),
        (#""discount": "-1.00""#, "22.00", .invalidAmount),
        (#""freight": "1.005""#, "22.01", .invalidAmount),
        (#""insurance": 2"#, "23.00", .wrongType),
    ])
    func charges(fields: String, total: String, expected: InvoiceErrorCode?) {
        #expect(code(Self.withCharges(fields, total: total)) == expected, "\(fields) → \(total)")
    }

    @Test("The charges are kept with the invoice")
    func chargesKept() throws {
        let invoice = try Fixtures.validate(Self.withCharges(#""discount": "1.50", "freight": "10.00""#, total: "29.50")).get()
        #expect(invoice.charges == Invoice.Charges(discount: Money("1.50")!, freight: Money("10.00")!))
        #expect(Fixtures.rejection(Self.withCharges(#""discount": "1.00""#, total: "21.00"))?.message
            .contains("come to 20.00") == true)
    }

    // MARK: - The fields the access key embeds

    private func withKey(_ key: String, date: String? = nil) -> String {
        var edits = [(Self.sampleKey, key)]
        if let date { edits.append((#""issueDate": "2026-11-24T10:15:00-03:00""#, #""issueDate": "\#(date)""#)) }
        return Fixtures.edited(edits)
    }

    @Test("Every IBGE state code is accepted", arguments: [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27, 28, 29,
                                                          31, 32, 33, 35, 41, 42, 43, 50, 51, 52, 53])
    func stateCodeAccepted(stateCode: Int) {
        #expect(code(withKey(Self.key(stateCode: stateCode))) == nil)
    }

    @Test("Codes that are no state are refused", arguments: [0, 10, 18, 19, 20, 30, 34, 36, 40, 44, 49, 54, 99])
    func stateCodeRefused(stateCode: Int) {
        let rejection = Fixtures.rejection(withKey(Self.key(stateCode: stateCode)))
        #expect(rejection?.code == .accessKeyStateCode)
        #expect(rejection?.stage == .validate)
    }

    @Test("Models 55 and 65 only", arguments: [(55, true), (65, true), (54, false), (56, false), (64, false), (66, false), (1, false), (0, false)])
    func model(model: Int, valid: Bool) {
        #expect(code(withKey(Self.key(model: model))) == (valid ? nil : .accessKeyModel))
    }

    @Test("Emission types 1–7 and 9 only", arguments: 0 ... 9)
    func emissionType(type: Int) {
        #expect(code(withKey(Self.key(emissionType: type))) == ([0, 8].contains(type) ? .accessKeyEmissionType : nil))
    }

    @Test("AAMM is the issue date's year and month, in the date's own offset")
    func yearMonth() {
        #expect(code(withKey(Self.key(month: 12))) == .accessKeyYearMonth)
        #expect(code(withKey(Self.key(month: 10))) == .accessKeyYearMonth)
        #expect(code(withKey(Self.key(year: 2025))) == .accessKeyYearMonth)
        // 23:30 in Brasília on 31 October is already November in UTC: the key says 2610.
        #expect(code(withKey(Self.key(month: 10), date: "2026-10-31T23:30:00-03:00")) == nil)
        #expect(code(withKey(Self.key(month: 11), date: "2026-10-31T23:30:00-03:00")) == .accessKeyYearMonth)
        #expect(code(withKey(Self.key(month: 11), date: "2026-11-01T02:30:00Z")) == nil)
        #expect(Fixtures.rejection(withKey(Self.key(month: 12)))?.message.contains("2612") == true)
    }
}
