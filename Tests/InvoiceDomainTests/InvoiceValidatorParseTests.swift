import Foundation
import InvoiceDomain
import Testing

@Suite("InvoiceValidator: parse stage")
struct InvoiceValidatorParseTests {
    @Test("The schema's sample invoice validates")
    func sample() throws {
        let invoice = try Fixtures.validate(Fixtures.sample).get()
        #expect(invoice.schemaVersion == 1)
        #expect(invoice.accessKey == "35261111222333000181550010001234561000123454")
        #expect(invoice.invoiceNumber == "123456")
        #expect(invoice.series == "1")
        #expect(invoice.issueDate == "2026-11-24T10:15:00-03:00")
        #expect(invoice.issuedAt == Date(timeIntervalSince1970: 1_795_526_100))
        #expect(invoice.issuer == Invoice.Issuer(cnpj: "11222333000181", name: "Loja Exemplo LTDA"))
        #expect(invoice.customer == Invoice.Customer(document: "52998224725", name: "Maria Silva"))
        #expect(invoice.items.count == 1)
        #expect(invoice.items[0].quantity == Quantity("2"))
        #expect(invoice.items[0].unitPrice == UnitPrice("10.50"))
        #expect(invoice.charges == Invoice.Charges())
        #expect(invoice.items[0].total == Money("21.00"))
        #expect(invoice.totalAmount.description == "21.00")
        #expect(invoice.currency == "BRL")
    }

    @Test("Data, [UInt8] and raw buffers validate alike")
    func inputKinds() throws {
        let bytes = Array(Fixtures.sample.utf8)
        let fromArray = try Fixtures.validator.validate(bytes, now: Fixtures.now).get()
        let fromData = try Fixtures.validator.validate(Data(bytes), now: Fixtures.now).get()
        let fromBuffer = try bytes.withUnsafeBytes { try Fixtures.validator.validate($0, now: Fixtures.now).get() }
        #expect(fromArray == fromData)
        #expect(fromArray == fromBuffer)
    }

    @Test("Empty and whitespace-only files", arguments: ["", "   \n\t\r\n"])
    func empty(text: String) {
        let rejection = Fixtures.rejection(text)
        #expect(rejection?.code == .emptyFile)
        #expect(rejection?.stage == .parse)
    }

    @Test("A file one byte over the limit is refused; one at the limit is read")
    func oversized() {
        let validator = InvoiceValidator()
        let limit = validator.configuration.maxFileSize
        #expect(limit == 1_048_576)
        let body = Array(Fixtures.sample.utf8)
        let atLimit = body + [UInt8](repeating: 0x20, count: limit - body.count)
        #expect((try? validator.validate(atLimit, now: Fixtures.now).get()) != nil)
        let overLimit = atLimit + [0x20]
        guard case .failure(let rejection) = validator.validate(overLimit, now: Fixtures.now) else {
            Issue.record("accepted \(overLimit.count) bytes")
            return
        }
        #expect(rejection.code == .fileTooLarge)
        #expect(rejection.message.contains("1048577"))
    }

    @Test("The size limit is configurable")
    func configurableLimit() {
        let validator = InvoiceValidator(configuration: .init(maxFileSize: 100))
        guard case .failure(let rejection) = validator.validate(Array(Fixtures.sample.utf8), now: Fixtures.now) else {
            Issue.record("accepted an oversized file")
            return
        }
        #expect(rejection.code == .fileTooLarge)
    }

    @Test("Invalid UTF-8 anywhere is not_utf8",
          arguments: [[0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE3, 0x6F],
                      [0xF0, 0x9F, 0x98]] as [[UInt8]])
    func notUTF8(bad: [UInt8]) {
        var bytes = Array(Fixtures.sample.utf8)
        let nameAt = bytes.firstIndex(of: UInt8(ascii: "M")) ?? 0  // "Maria Silva"
        bytes.insert(contentsOf: bad, at: nameAt)
        guard case .failure(let rejection) = Fixtures.validator.validate(bytes, now: Fixtures.now) else {
            Issue.record("accepted invalid UTF-8")
            return
        }
        #expect(rejection.code == .notUTF8)
    }

    @Test("Non-ASCII text and escapes decode", arguments: [#"Jo\u00e3o \"Z\u00e9\" \ud83d\ude00"#, "João \\\"Zé\\\" 😀"])
    func unicodeNames(name: String) throws {
        let invoice = try Fixtures.validate(Fixtures.edited([("Maria Silva", name)])).get()
        #expect(invoice.customer.name == "João \"Zé\" 😀")
    }

    @Test("A leading byte-order mark is tolerated")
    func byteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Fixtures.sample.utf8)
        #expect((try? Fixtures.validator.validate(bytes, now: Fixtures.now).get()) != nil)
    }

    @Test("Text that is not JSON, or JSON that is not an object",
          arguments: ["not an invoice", "<nfeProc/>", "[]", "[\(Fixtures.sample)]", "\"hello\"", "42", "null", "true",
                      "{", "{\"a\":1,}", "{'a': 1}", "{\"a\": 01}", "{\"a\": NaN}", "{\"a\": \"\\x\"}",
                      "{\"a\": \"\\ud800\"}", "{\"a\": \"tab\there\"}", "{\"a\": 1} {}", "{\"a\": -}",
                      "{\"a\": 1.}", "{\"a\": 1e}", "{\"a\": tru}"])
    func notJSON(text: String) {
        let rejection = Fixtures.rejection(text)
        #expect(rejection?.code == .notJSON)
        #expect(rejection?.stage == .parse)
    }

    @Test("Truncated files are not_json at every cut")
    func truncated() {
        let bytes = Array(Fixtures.sample.utf8)
        for cut in 1..<bytes.count where !bytes[..<cut].allSatisfy({ $0 == 0x20 || $0 == 0x0A }) {
            let result = Fixtures.validator.validate(Array(bytes[..<cut]), now: Fixtures.now)
            guard case .failure(let rejection) = result else {
                Issue.record("accepted a file cut at \(cut)")
                continue
            }
            #expect(rejection.code == .notJSON, "cut at \(cut)")
        }
    }

    @Test("Deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Fixtures.rejection(deep)?.code == .notJSON)
        let nested = Fixtures.edited([(#""currency": "BRL""#, #""currency": "BRL", "x": "# + String(repeating: "{\"a\":", count: 70) + "1" + String(repeating: "}", count: 70))])
        #expect(Fixtures.rejection(nested)?.code == .notJSON)
    }

    @Test("Duplicate keys are refused")
    func duplicateKey() {
        let text = Fixtures.edited([(#""series": "1","#, #""series": "1", "series": "2","#)])
        let rejection = Fixtures.rejection(text)
        #expect(rejection?.code == .duplicateField)
        #expect(rejection?.message.contains("series") == true)
    }

    @Test("Missing or null required fields name the field",
          arguments: [
            (#""schemaVersion": 1,"#, "", "schemaVersion"),
            (#""accessKey": "35261111222333000181550010001234561000123454","#, "", "accessKey"),
            (#""invoiceNumber": "123456","#, "", "invoiceNumber"),
            (#""series": "1","#, #""series": null,"#, "series"),
            (#""issueDate": "2026-11-24T10:15:00-03:00","#, "", "issueDate"),
            (#""cnpj": "11222333000181", "#, "", "issuer.cnpj"),
            (#", "name": "Maria Silva""#, "", "customer.name"),
            (#""quantity": 2, "#, "", "items[0].quantity"),
            (#", "total": "21.00""#, #", "total": null"#, "items[0].total"),
            (#""totalAmount": "21.00","#, "", "totalAmount"),
            (#""issuer":   { "cnpj": "11222333000181", "name": "Loja Exemplo LTDA" },"#, "", "issuer"),
          ])
    func missingField(old: String, new: String, field: String) {
        let rejection = Fixtures.rejection(Fixtures.edited([(old, new)]))
        #expect(rejection?.code == .missingField)
        #expect(rejection?.stage == .parse)
        #expect(rejection?.message.hasPrefix(field + " is") == true, "\(rejection?.message ?? "")")
    }

    @Test("Wrong JSON types name the field",
          arguments: [
            (#""schemaVersion": 1"#, #""schemaVersion": "1""#, "schemaVersion"),
            (#""accessKey": "35261111222333000181550010001234561000123454""#,
             #""accessKey": 35261111222333000181550010001234561000123454"#, "accessKey"),
            (#""invoiceNumber": "123456""#, #""invoiceNumber": 123456"#, "invoiceNumber"),
            (#""cnpj": "11222333000181""#, #""cnpj": 11222333000181"#, "issuer.cnpj"),
            (#""name": "Maria Silva""#, #""name": ["Maria", "Silva"]"#, "customer.name"),
            (#""quantity": 2"#, #""quantity": "2""#, "items[0].quantity"),
            (#""unitPrice": "10.50""#, #""unitPrice": 10.50"#, "items[0].unitPrice"),
            (#""total": "21.00""#, #""total": 21"#, "items[0].total"),
            (#""totalAmount": "21.00""#, #""totalAmount": 21.00"#, "totalAmount"),
            (#""currency": "BRL""#, #""currency": 986"#, "currency"),
            (#""customer": {"#, #""customer": "Maria", "x": {"#, "customer"),
          ])
    func wrongType(old: String, new: String, field: String) {
        let rejection = Fixtures.rejection(Fixtures.edited([(old, new)]))
        #expect(rejection?.code == .wrongType)
        #expect(rejection?.message.hasPrefix(field + " must be") == true, "\(rejection?.message ?? "")")
    }

    @Test("items must be an array of objects")
    func itemsShape() {
        let notArray = Fixtures.edited([("\"items\": [", "\"items\": {\"a\": ["), ("\n  ],", "\n  ]},")])
        #expect(Fixtures.rejection(notArray)?.code == .wrongType)
        let notObject = Fixtures.edited([("\"items\": [", "\"items\": [\"Caneta\", ")])
        let rejection = Fixtures.rejection(notObject)
        #expect(rejection?.code == .wrongType)
        #expect(rejection?.message.hasPrefix("items[0] must be an object") == true)
    }

    @Test("Other schema versions are refused before anything else",
          arguments: ["2", "0", "1.5", "-1", "1e3"])
    func schemaVersion(version: String) {
        // The rest of the document is irrelevant once the version is wrong.
        let text = #"{"schemaVersion": \#(version), "whatever": true}"#
        #expect(Fixtures.rejection(text)?.code == .unsupportedSchemaVersion)
    }

    @Test("schemaVersion 1 may be written 1.0")
    func schemaVersionOnePointZero() {
        #expect(Fixtures.rejection(Fixtures.edited([(#""schemaVersion": 1"#, #""schemaVersion": 1.0"#)])) == nil)
    }

    @Test("Unknown fields are ignored, at every level")
    func unknownFields() throws {
        let text = Fixtures.edited([
            (#""schemaVersion": 1,"#, #""schemaVersion": 1, "notes": {"deep": [1, 2.5e3, null, true]},"#),
            (#""name": "Maria Silva""#, #""name": "Maria Silva", "email": "maria@example.com""#),
            (#""sku": "A-1","#, #""sku": "A-1", "ncm": "96081000","#),
        ])
        #expect(try Fixtures.validate(text).get() == Fixtures.validate(Fixtures.sample).get())
    }

    @Test("Codes and stages are stable")
    func codes() {
        #expect(InvoiceErrorCode.allCases.count == 29)
        #expect(InvoiceErrorCode.totalsMismatch.rawValue == "totals_mismatch")
        #expect(InvoiceRejection.Stage.parse.rawValue == "parse")
        #expect(InvoiceRejection.Stage.validate.rawValue == "validate")
        let parse = InvoiceErrorCode.allCases.filter { $0.stage == .parse }.map(\.rawValue)
        #expect(parse == ["empty_file", "file_too_large", "not_utf8", "not_json", "duplicate_field",
                          "unsupported_schema_version", "missing_field", "wrong_type"])
        for code in InvoiceErrorCode.allCases {
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber }, "\(code)")
        }
    }
}
