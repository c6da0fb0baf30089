import Foundation
import InvoiceDomain
import Testing

@Suite("InvoiceValidator: validate stage")
struct InvoiceValidatorRuleTests {
    private static let key = "35261111222333000181550010001234561000123454"

    /// Expects `edits` of the sample to fail `code` in the validate stage.
    private func expect(
        _ code: InvoiceErrorCode, _ edits: [(String, String)], in text: String = Fixtures.sample,
        messageContains fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let rejection = Fixtures.rejection(Fixtures.edited(edits, in: text, sourceLocation: sourceLocation))
        #expect(rejection?.code == code, "\(rejection?.description ?? "accepted")", sourceLocation: sourceLocation)
        #expect(rejection?.stage == .validate, sourceLocation: sourceLocation)
        if let fragment {
            #expect(rejection?.message.contains(fragment) == true, "\(rejection?.message ?? "")",
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: - Access key and identity

    @Test("Access keys that are not 44 digits",
          arguments: ["3526111122233300018155001000123456100012345", Self.key + "0", "", "NFe" + Self.key,
                      "3526 1111 2223 3300 0181 5500 1000 1234 5610 0012 3454", "3526111122233300018155001000123456100012345O"])
    func accessKeyFormat(bad: String) {
        expect(.invalidAccessKey, [(Self.key, bad)], messageContains: "accessKey")
    }

    @Test("A wrong check digit")
    func accessKeyCheckDigit() {
        expect(.accessKeyCheckDigit, [(Self.key, String(Self.key.dropLast()) + "5")],
               messageContains: "should end in 4")
    }

    @Test("A key embedding another CNPJ, series or number")
    func accessKeyMismatch() {
        let otherCNPJ = NFeAccessKey(stateCode: 35, year: 2026, month: 11, issuerCNPJ: "11444777000161",
                                     series: 1, number: 123_456, randomCode: 12_345)?.digits ?? ""
        expect(.accessKeyMismatch, [(Self.key, otherCNPJ)], messageContains: "issuer CNPJ 11444777000161")
        expect(.accessKeyMismatch, [(#""series": "1""#, #""series": "2""#)], messageContains: "series")
        expect(.accessKeyMismatch, [(#""invoiceNumber": "123456""#, #""invoiceNumber": "123457""#)],
               messageContains: "invoice number")
        // Leading zeros are the same number, as in the key itself.
        #expect(Fixtures.rejection(Fixtures.edited([(#""series": "1""#, #""series": "001""#),
                                                    (#""invoiceNumber": "123456""#, #""invoiceNumber": "000123456""#)])) == nil)
    }

    @Test("Invalid issuer CNPJs", arguments: ["11222333000182", "1122233300018", "11.222.333/0001-81", "", "00000000000000"])
    func issuerCNPJ(bad: String) {
        expect(.invalidIssuerCNPJ, [(#""cnpj": "11222333000181""#, #""cnpj": "\#(bad)""#)], messageContains: "issuer.cnpj")
    }

    @Test("Invoice numbers and series out of format")
    func numberAndSeries() {
        for bad in ["0", "12A", "1234567890", "", "-5"] {
            expect(.invalidInvoiceNumber, [(#""invoiceNumber": "123456""#, #""invoiceNumber": "\#(bad)""#)])
        }
        for bad in ["A", "1000", "", " 1"] {
            expect(.invalidSeries, [(#""series": "1""#, #""series": "\#(bad)""#)])
        }
    }

    @Test("Customers with a CNPJ are accepted")
    func companyCustomer() {
        #expect(Fixtures.rejection(Fixtures.edited([("52998224725", "11444777000161")])) == nil)
    }

    @Test("Invalid customer documents",
          arguments: ["52998224724", "11111111111", "529.982.247-25", "5299822472", "11444777000162", "", "00000000000000"])
    func customerDocument(bad: String) {
        expect(.invalidCustomerDocument, [("52998224725", bad)], messageContains: "customer.document")
    }

    @Test("Blank names, SKUs and descriptions",
          arguments: [("Loja Exemplo LTDA", "", "issuer.name"), ("Maria Silva", "  ", "customer.name"),
                      (#""sku": "A-1""#, #""sku": "\t""#, "items[0].sku"),
                      (#""description": "Caneta""#, "\"description\": \"\u{00A0}\"", "items[0].description")])
    func blank(old: String, new: String, field: String) {
        expect(.blankField, [(old, new)], messageContains: field)
    }

    // MARK: - Dates and currency

    @Test("Issue dates without an offset or malformed",
          arguments: ["2026-11-24T10:15:00", "2026-11-24", "24/11/2026 10:15:00", "2026-02-30T10:15:00-03:00",
                      "2026-11-24T10:15:00-0300", "yesterday"])
    func issueDate(bad: String) {
        expect(.invalidIssueDate, [("2026-11-24T10:15:00-03:00", bad)], messageContains: "issueDate")
    }

    @Test("Issue dates in the future: refused beyond the skew, accepted within it")
    func futureDates() {
        let issued = Date(timeIntervalSince1970: 1_795_526_100)
        // Four minutes ahead of the clock is within the default five.
        #expect(Fixtures.rejection(Fixtures.sample, now: issued.addingTimeInterval(-240)) == nil)
        #expect(Fixtures.rejection(Fixtures.sample, now: issued.addingTimeInterval(-300)) == nil)
        let rejection = Fixtures.rejection(Fixtures.sample, now: issued.addingTimeInterval(-301))
        #expect(rejection?.code == .issueDateInFuture)
        let strict = InvoiceValidator(configuration: .init(allowedFutureSkew: .zero))
        let result = strict.validate(Array(Fixtures.sample.utf8), now: issued.addingTimeInterval(-1))
        #expect(throws: InvoiceRejection.self) { try result.get() }
    }

    @Test("Currency defaults to BRL when absent or null")
    func defaultCurrency() throws {
        for edit in [(#","# + "\n" + #"  "currency": "BRL""#, ""), (#""currency": "BRL""#, #""currency": null"#)] {
            let invoice = try Fixtures.validate(Fixtures.edited([edit])).get()
            #expect(invoice.currency == "BRL")
        }
        let dollars = try Fixtures.validate(Fixtures.edited([(#""currency": "BRL""#, #""currency": "USD""#)])).get()
        #expect(dollars.currency == "USD")
    }

    @Test("Currencies outside ISO 4217", arguments: ["XYZ", "brl", "R$", "", "BRL "])
    func currency(bad: String) {
        expect(.invalidCurrency, [(#""currency": "BRL""#, #""currency": "\#(bad)""#)], messageContains: "currency")
    }

    // MARK: - Items and money

    @Test("No items, and more items than allowed")
    func itemCount() {
        expect(.noItems, [(Fixtures.itemLine, ""), (#""totalAmount": "21.00""#, #""totalAmount": "0.00""#)])
        let validator = InvoiceValidator(configuration: .init(maxItems: 2))
        guard case .failure(let rejection) = validator.validate(Array(Fixtures.threeItems.utf8), now: Fixtures.now)
        else {
            Issue.record("accepted three items with a limit of two")
            return
        }
        #expect(rejection.code == .tooManyItems)
    }

    @Test("Fractional quantities whose products are exact", arguments: [("1.5", "14.00", "21.00"), ("0.25", "10.00", "2.50"),
                                                                         ("2.125", "8.00", "17.00"), ("0.0001", "100.00", "0.01")])
    func fractionalQuantity(quantity: String, price: String, total: String) throws {
        let text = Fixtures.edited([
            (#""quantity": 2, "unitPrice": "10.50", "total": "21.00""#,
             #""quantity": \#(quantity), "unitPrice": "\#(price)", "total": "\#(total)""#),
            (#""totalAmount": "21.00""#, #""totalAmount": "\#(total)""#),
        ])
        let invoice = try Fixtures.validate(text).get()
        #expect(invoice.items[0].quantity.description == quantity)
        #expect(try Fixtures.validate(Fixtures.threeItems).get().totalAmount == Money("32.79"))
    }

    @Test("A product with a third decimal place is billed rounded either way, but not further off")
    func inexactProduct() {
        // 1.5 × 5.99 = 8.985: 8.98 and 8.99 are both within SEFAZ's R$ 0.01; 8.97 is not.
        for total in ["8.98", "8.99"] {
            let text = Fixtures.edited([
                (#""quantity": 2, "unitPrice": "10.50", "total": "21.00""#,
                 #""quantity": 1.5, "unitPrice": "5.99", "total": "\#(total)""#),
                (#""totalAmount": "21.00""#, #""totalAmount": "\#(total)""#),
            ])
            #expect(Fixtures.rejection(text) == nil, "\(total)")
        }
        expect(.itemTotalMismatch, [
            (#""quantity": 2, "unitPrice": "10.50", "total": "21.00""#,
             #""quantity": 1.5, "unitPrice": "5.99", "total": "8.97""#),
            (#""totalAmount": "21.00""#, #""totalAmount": "8.97""#),
        ], messageContains: "quantity × unitPrice is 8.985")
    }

    @Test("Invalid quantities", arguments: ["0", "-1", "1.23456", "1e30", "0.0"])
    func invalidQuantity(bad: String) {
        expect(.invalidQuantity, [(#""quantity": 2"#, #""quantity": \#(bad)"#)], messageContains: "items[0].quantity")
    }

    @Test("Invalid amounts: three places, negative, not plain decimals",
          arguments: ["10.50000000005", "-10.50", "10,50", "1e1", "", " 10.50", "R$ 10,50", "99999999999999999999"])
    func invalidAmount(bad: String) {
        expect(.invalidAmount, [(#""unitPrice": "10.50""#, #""unitPrice": "\#(bad)""#)], messageContains: "items[0].unitPrice")
        expect(.invalidAmount, [(#""totalAmount": "21.00""#, #""totalAmount": "\#(bad)""#)], messageContains: "totalAmount")
        expect(.invalidAmount, [(#""totalAmount": "21.00""#, #""totalAmount": "21.005""#)], messageContains: "more than 2 decimal places")
    }

    @Test("An item total off by two cents")
    func itemTotalOffByTwoCents() {
        expect(.itemTotalMismatch, [(#""total": "21.00""#, #""total": "21.02""#),
                                    (#""totalAmount": "21.00""#, #""totalAmount": "21.02""#)],
               messageContains: "items[0].total is 21.02 but quantity × unitPrice is 21.00, more than 0.01 apart")
        expect(.itemTotalMismatch, [(#""total": "8.97""#, #""total": "8.95""#),
                                    (#""totalAmount": "32.79""#, #""totalAmount": "32.77""#)],
               in: Fixtures.threeItems, messageContains: "items[1].total is 8.95")
    }

    @Test("A total amount off by one cent")
    func totalOffByOneCent() {
        expect(.totalsMismatch, [(#""totalAmount": "21.00""#, #""totalAmount": "21.01""#)],
               messageContains: "totalAmount is 21.01 but the item totals come to 21.00")
        expect(.totalsMismatch, [(#""totalAmount": "32.79""#, #""totalAmount": "32.78""#)], in: Fixtures.threeItems)
    }

    @Test("Huge amounts compare exactly instead of overflowing")
    func hugeAmounts() {
        // 10^6 × 10^13 is far past Int64 in millionths, yet exact.
        let text = Fixtures.edited([
            (#""quantity": 2, "unitPrice": "10.50", "total": "21.00""#,
             #""quantity": 1000000, "unitPrice": "10000000000000.00", "total": "10000000000000000000.00""#),
        ])
        // The total itself exceeds Int64 cents, so it is an invalid amount, not a crash.
        #expect(Fixtures.rejection(text)?.code == .invalidAmount)
        let fits = Fixtures.edited([
            (#""quantity": 2, "unitPrice": "10.50", "total": "21.00""#,
             #""quantity": 1000000, "unitPrice": "90000000000.00", "total": "90000000000000000.00""#),
            (#""totalAmount": "21.00""#, #""totalAmount": "90000000000000000.00""#),
        ])
        #expect(Fixtures.rejection(fits) == nil)
    }

    @Test("The first broken rule in declaration order wins")
    func ruleOrder() {
        // A bad customer document and a totals mismatch: the document comes first.
        expect(.invalidCustomerDocument, [("52998224725", "52998224724"),
                                          (#""totalAmount": "21.00""#, #""totalAmount": "21.01""#)])
        // A malformed totalAmount and an item mismatch: the amount comes first.
        expect(.invalidAmount, [(#""total": "21.00""#, #""total": "21.01""#),
                                (#""totalAmount": "21.00""#, #""totalAmount": "abc""#)])
    }
}
