import FleetContracts
import Foundation
import InvoiceDomain
import AWSClients
import Testing

/// The worker's per-invoice PutItem body, byte for byte: pinned before its writer was
/// optimised, so that no speed-up changes what DynamoDB receives.
struct PutItemBodyTests {
    @Test func theConditionalPutOfAnInvoiceIsPinned() throws {
        let invoice = try InvoiceValidator().validate(Array(InvoiceTableTests.sample.utf8), now: Date()).get()
        let version = "0000000000000000617F08299329D189/2026-11-25T00:00:00.000Z"
        let item = InvoiceTable.item(
            for: invoice, source: InvoiceSource(bucket: "invoices", key: "2026/São Paulo/\"nota\" 1.json", eTag: "\"abc\""),
            version: version, storedAt: "2026-11-25T00:00:00Z")
        let condition = DynamoCondition(
            "attribute_not_exists(#pk) OR #v < :v", names: ["#v": "sourceVersion", "#pk": "pk"], values: [":v": .string(version)])
        let body = DynamoDBClient.putItemBody(table: "Invoices", item: item, condition: condition)
        #expect(String(decoding: body, as: UTF8.self) == Self.expected)
    }

    static let expected =
        ##"{"TableName":"Invoices","Item":{"accessKey":{"S":"35261111222333000181550010001234561000123454"},"contentHash":{"S":"493ca28ed68ffeba193ac7b0b5e0e0e022d735e8895482a83c89afdc75a262db"},"##
        + ##""currency":{"S":"BRL"},"customerDocument":{"S":"52998224725"},"customerName":{"S":"Maria Silva"},"discount":{"N":"0.00"},"##
        + ##""freight":{"N":"0.00"},"insurance":{"N":"0.00"},"invoiceNumber":{"S":"123456"},"issueDate":{"S":"2026-11-24T13:15:00Z"},"##
        + ##""issueDateLocal":{"S":"2026-11-24T10:15:00-03:00"},"issuerCnpj":{"S":"11222333000181"},"issuerName":{"S":"Loja Exemplo LTDA"},"##
        + ##""itemCount":{"N":"2"},"items":{"L":[{"M":{"description":{"S":"Caneta"},"quantity":{"N":"2"},"sku":{"S":"A-1"},"##
        + ##""total":{"N":"21.00"},"unitPrice":{"N":"10.50"}}},{"M":{"description":{"S":"Arroz"},"quantity":{"N":"1.5"},"##
        + ##""sku":{"S":"B-2"},"total":{"N":"0.15"},"unitPrice":{"N":"0.10"}}}]},"otherCharges":{"N":"0.00"},"pk":{"S":"35261111222333000181550010001234561000123454"},"##
        + ##""schemaVersion":{"N":"1"},"series":{"S":"1"},"sourceBucket":{"S":"invoices"},"sourceETag":{"S":"\"abc\""},"##
        + ##""sourceKey":{"S":"2026/São Paulo/\"nota\" 1.json"},"sourceVersion":{"S":"0000000000000000617F08299329D189/2026-11-25T00:00:00.000Z"},"##
        + ##""storedAt":{"S":"2026-11-25T00:00:00Z"},"totalAmount":{"N":"21.15"}},"ConditionExpression":"attribute_not_exists(#pk) OR #v < :v","##
        + ##""ExpressionAttributeNames":{"#pk":"pk","#v":"sourceVersion"},"ExpressionAttributeValues":{":v":{"S":"0000000000000000617F08299329D189/2026-11-25T00:00:00.000Z"}}}"##
}
