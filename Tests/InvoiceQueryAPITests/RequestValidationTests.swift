import Hummingbird
import InvoiceDomain
@testable import InvoiceQueryAPI
import Testing

@Suite("IssueDateRange: from/to parsed as the byCustomer index compares them")
struct IssueDateRangeTests {
    @Test("bounds in any offset become UTC text with whole seconds")
    func utc() throws {
        let range = try IssueDateRange.parse(from: "2026-11-24T10:15:00-03:00", to: "2026-11-30T23:59:59+02:00")
        #expect(range == IssueDateRange(from: "2026-11-24T13:15:00Z", to: "2026-11-30T21:59:59Z"))
        #expect(!range.isEmpty)
        #expect(try IssueDateRange.parse(from: "2026-11-24t13:15:00z", to: nil) == IssueDateRange(from: "2026-11-24T13:15:00Z"))
        #expect(try IssueDateRange.parse(from: nil, to: "2026-11-24T13:15:00Z") == IssueDateRange(to: "2026-11-24T13:15:00Z"))
        #expect(try IssueDateRange.parse(from: nil, to: nil) == IssueDateRange())
    }

    @Test("fractions round inwards: from up, to down, so that stored whole seconds compare correctly")
    func rounding() throws {
        #expect(try IssueDateRange.parse(from: "2026-11-24T13:15:00.250Z", to: nil).from == "2026-11-24T13:15:01Z")
        #expect(try IssueDateRange.parse(from: nil, to: "2026-11-24T13:15:00.750Z").to == "2026-11-24T13:15:00Z")
        #expect(try IssueDateRange.parse(from: "2026-11-24T13:15:00.000Z", to: nil).from == "2026-11-24T13:15:00Z")
        // Both inside one second: no stored instant can match, and nothing is thrown.
        let inside = try IssueDateRange.parse(from: "2026-11-24T13:15:00.2Z", to: "2026-11-24T13:15:00.8Z")
        #expect(inside.isEmpty)
        #expect(try IssueDateRange.parse(from: "2026-11-24T13:15:00Z", to: "2026-11-24T13:15:00Z").isEmpty == false)
    }

    @Test("from after to is invalid_date")
    func reversed() {
        expectAPIError(.invalidDate) { _ = try IssueDateRange.parse(from: "2026-11-25T00:00:00Z", to: "2026-11-24T00:00:00Z") }
        // The same instant in two offsets is not reversed.
        #expect((try? IssueDateRange.parse(from: "2026-11-24T10:00:00-03:00", to: "2026-11-24T13:00:00Z")) != nil)
    }

    @Test("anything but an ISO 8601 date-time with an offset is invalid_date", arguments: [
        "", "yesterday", "2026-11-24", "2026-11-24T10:15:00", "2026-11-24 10:15:00Z", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:15:60Z", "2026-11-24T10:15:00+3",
        "2026-11-24T10:15:00.Z", "1795000000", "2026-11-24T10:15:00Z ",
    ])
    func malformed(text: String) {
        expectAPIError(.invalidDate, "from=\(text)") { _ = try IssueDateRange.parse(from: Substring(text), to: nil) }
        expectAPIError(.invalidDate, "to=\(text)") { _ = try IssueDateRange.parse(from: nil, to: Substring(text)) }
    }
}

@Suite("Path and query validation of the invoice routes")
struct RequestValidationTests {
    typealias Controller = InvoiceController<BasicRequestContext>

    func makeController(defaultPageSize: Int = 50, maxPageSize: Int = 200) -> Controller {
        Controller(
            repository: FakeInvoiceRepository(), cursor: PageCursor(secret: "s"), defaultPageSize: defaultPageSize,
            maxPageSize: maxPageSize, logger: APITest.logger()
        )
    }

    @Test("a customer document is a CPF (11 digits) or a CNPJ (14 digits), nothing else")
    func customerDocument() throws {
        #expect(try Controller.customerDocument("52998224725") == "52998224725")
        #expect(try Controller.customerDocument("11222333000181") == "11222333000181")
        for text in ["", "5299822472", "529982247250", "1122233300018", "112223330001810", "529.982.247-25",
                     "11.222.333/0001-81", "5299822472a", "٥٢٩٩٨٢٢٤٧٢٥", " 52998224725"] {
            expectAPIError(.invalidCustomerDocument, "\(text)") { _ = try Controller.customerDocument(text) }
        }
    }

    @Test("limit: absent means the default; 1…max are taken; anything else is invalid_limit")
    func pageSize() throws {
        let controller = makeController(defaultPageSize: 50, maxPageSize: 200)
        #expect(try controller.pageSize(nil) == 50)
        #expect(try controller.pageSize("1") == 1)
        #expect(try controller.pageSize("200") == 200)
        #expect(try controller.pageSize("007") == 7)
        for text in ["0", "201", "-1", "+5", "1.0", "1e2", "abc", "", " 5", "5 ", "99999999999999999999999"] {
            expectAPIError(.invalidLimit, "limit=\(text)") { _ = try controller.pageSize(Substring(text)) }
        }
    }

    @Test("an access key is 44 digits with a correct mod-11 check digit")
    func accessKey() throws {
        let key = SampleInvoices.absentAccessKey
        #expect(try Controller.accessKey(key) == key)
        #expect(try Controller.accessKey("35261111222333000181550010001234561000123454") == "35261111222333000181550010001234561000123454")
        let last = try #require(Int(String(key.suffix(1))))
        let wrongDigit = String(key.dropLast()) + String((last + 1) % 10)
        for text in ["", "123", String(key.dropLast()), key + "0", "NFe" + key, wrongDigit,
                     String(key.prefix(20)) + "O" + String(key.dropFirst(21))] {
            expectAPIError(.invalidAccessKey, "\(text)") { _ = try Controller.accessKey(text) }
        }
    }
}
