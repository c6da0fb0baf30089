import Foundation
import InvoiceDomain
import Testing

@Suite("Money and quantities")
struct MoneyAndQuantityTests {
    @Test("Money parses plain decimals exactly",
          arguments: [("21.00", 2100), ("21", 2100), ("21.5", 2150), ("0.01", 1), ("0", 0), ("007.10", 710),
                      ("92233720368547758.07", Int64.max)] as [(String, Int64)])
    func money(text: String, cents: Int64) {
        #expect(Money(text)?.cents == cents)
    }

    @Test("Money refuses everything else",
          arguments: ["10.505", "-1.00", "+1.00", "1,50", "1e3", "", ".5", "5.", " 1.00", "1.00 ", "R$ 1,00",
                      "1.0.0", "92233720368547758.08", "99999999999999999999", "NaN"])
    func invalidMoney(text: String) {
        #expect(Money(text) == nil)
    }

    @Test("Money's canonical form has two places")
    func moneyDescription() {
        #expect(Money("21")?.description == "21.00")
        #expect(Money("0.5")?.description == "0.50")
        #expect(Money("1234.07")?.description == "1234.07")
        #expect(Money(cents: -1) == nil)
    }

    @Test("Quantities parse JSON numbers exactly",
          arguments: [("2", 20_000), ("1.5", 15_000), ("0.0001", 1), ("15e-1", 15_000), ("1.50000", 15_000),
                      ("2E2", 2_000_000), ("0.3", 3_000), ("0", 0)] as [(String, Int64)])
    func quantity(text: String, tenThousandths: Int64) {
        #expect(Quantity(text)?.tenThousandths == tenThousandths)
    }

    @Test("Quantities refuse negatives, a fifth place, overflow and non-numbers",
          arguments: ["-1", "1.00001", "1e30", "1e-5", "abc", "", "1.", ".5", "1e", "--1", "1e999999999999"])
    func invalidQuantity(text: String) {
        #expect(Quantity(text) == nil)
    }

    @Test("Quantity's description is its shortest exact form")
    func quantityDescription() {
        #expect(Quantity("2.000")?.description == "2")
        #expect(Quantity("1.5")?.description == "1.5")
        #expect(Quantity("0.0125")?.description == "0.0125")
    }

    @Test("Invoice round-trips through JSONEncoder and JSONDecoder without losing digits")
    func codableRoundTrip() throws {
        let invoice = try Fixtures.validate(Fixtures.threeItems).get()
        let data = try JSONEncoder().encode(invoice)
        let decoded = try JSONDecoder().decode(Invoice.self, from: data)
        #expect(decoded == invoice)
        #expect(decoded.items[2].quantity.description == "2.35")
        // And the validator accepts what the encoder wrote.
        #expect(try InvoiceValidator().validate(data, now: Fixtures.now).get() == invoice)
    }
}
