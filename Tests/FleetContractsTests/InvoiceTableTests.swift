import AWSClients
import Foundation
import InvoiceDomain
import FleetContracts
import Testing

struct InvoiceTableTests {
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
        let item = InvoiceTable.item(
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

    @Test func anItemReadsBackAsTheInvoiceItWasWrittenFrom() throws {
        let invoice = try InvoiceValidator().validate(Array(Self.sample.utf8), now: Date()).get()
        let source = InvoiceSource(bucket: "b", key: "k.json", eTag: "\"e\"")
        let stored = try #require(StoredInvoice(item: InvoiceTable.item(for: invoice, source: source, storedAt: "2026-11-25T00:00:00Z")))
        #expect(stored.accessKey == invoice.accessKey)
        #expect(stored.invoiceNumber == "123456")
        #expect(stored.issuerCNPJ == "11222333000181")
        #expect(stored.customerName == "Maria Silva")
        #expect(stored.totalAmount == "21.15")
        #expect(stored.issueDate == "2026-11-24T13:15:00Z")
        #expect(stored.items.map(\.sku) == ["A-1", "B-2"])
        #expect(stored.source == source)
        #expect(stored.storedAt == "2026-11-25T00:00:00Z")
    }

    @Test func anItemMissingARequiredAttributeIsNotAnInvoice() throws {
        let invoice = try InvoiceValidator().validate(Array(Self.sample.utf8), now: Date()).get()
        var item = InvoiceTable.item(for: invoice, source: InvoiceSource(bucket: "b", key: "k", eTag: ""), storedAt: "")
        item[InvoiceTable.Attribute.totalAmount] = nil
        #expect(StoredInvoice(item: item) == nil)
    }

    @Test func theTableIsKeyedByAccessKeyWithTheCustomerIndex() {
        let definition = InvoiceTable.definition(named: "Invoices")
        #expect(definition.partitionKey.name == "pk")
        #expect(definition.globalSecondaryIndexes.map(\.name) == ["byCustomer"])
        #expect(InvoiceTable.key(accessKey: "1") == ["pk": .string("1")])
    }
}
