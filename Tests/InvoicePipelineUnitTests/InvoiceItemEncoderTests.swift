import AWSClients
import Foundation
import InvoiceDomain
@testable import InvoicePipeline
import Testing

struct InvoiceItemEncoderTests {
    static let sample = """
    {"schemaVersion":1,"accessKey":"35261111222333000181550010001234561000123454","invoiceNumber":"123456",
     "series":"1","issueDate":"2026-11-24T10:15:00-03:00",
     "issuer":{"cnpj":"11222333000181","name":"Loja Exemplo LTDA"},
     "customer":{"document":"52998224725","name":"Maria Silva"},
     "items":[{"sku":"A-1","description":"Caneta","quantity":2,"unitPrice":"10.50","total":"21.00"},
              {"sku":"B-2","description":"Arroz","quantity":1.5,"unitPrice":"0.10","total":"0.15"}],
     "totalAmount":"21.15","currency":"BRL"}
    """

    @Test func mapsEveryAttributeWithExactNumbersAndUTCIssueDate() throws {
        let invoice = try InvoiceValidator().validate(Array(Self.sample.utf8), now: Date()).get()
        let item = InvoiceItemEncoder.item(
            for: invoice, source: InvoiceSource(bucket: "b", key: "2026/a b.json", eTag: "\"e\""), storedAt: "2026-11-25T00:00:00Z"
        )
        #expect(item["pk"] == .string("35261111222333000181550010001234561000123454"))
        #expect(item["totalAmount"] == .number("21.15"))
        #expect(item["issueDate"] == .string("2026-11-24T13:15:00Z"))
        #expect(item["issueDateLocal"] == .string("2026-11-24T10:15:00-03:00"))
        #expect(item["customerDocument"] == .string("52998224725"))
        #expect(item["itemCount"] == .number("2"))
        #expect(item["sourceKey"] == .string("2026/a b.json"))
        #expect(item["schemaVersion"] == .number("1"))
        let lines = try #require(item["items"]?.listValue)
        #expect(lines[1].mapValue?["quantity"] == .number("1.5") || lines[1].mapValue?["quantity"] == .number("1.5000"))
        #expect(lines[1].mapValue?["total"] == .number("0.15"))
    }
}
