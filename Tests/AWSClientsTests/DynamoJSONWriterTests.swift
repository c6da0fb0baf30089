import AWSClients
import Foundation
import Testing

/// The hand-written BatchWriteItem encoding must say exactly what `JSONEncoder` says.
@Suite("DynamoJSONWriter")
struct DynamoJSONWriterTests {
    /// Every attribute type, nesting, and strings that need escaping or are not ASCII.
    static let item: DynamoItem = [
        "pk": .string("35261111222333000181550010001234561000123454"),
        "quote \" and \\ backslash": .string("line\nbreak\ttab\r\u{8}\u{c}\u{1}\u{1f} end"),
        "name": .string("Filial São João / Nota Fiscal 🧾"),
        "total": .number("1234.50"),
        "blob": .binary([0, 1, 2, 250, 255]),
        "flag": .bool(false),
        "yes": .bool(true),
        "nothing": .null,
        "items": .list([
            .map(["sku": .string("A-1"), "quantity": .number("2"), "tags": .stringSet(["x", "y"])]),
            .map(["sku": .string("B-2"), "prices": .numberSet(["1.5", "2"]), "empty": .list([])]),
        ]),
        "empty map": .map([:]),
    ]

    @Test func writesWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var written: [UInt8] = []
        DynamoJSONWriter.write(item: Self.item, into: &written)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: try encoder.encode(Self.item), as: UTF8.self))
    }

    @Test func batchWriteItemBodyReadsBackAsTheRequests() throws {
        let requests: [DynamoWriteRequest] = [.put(Self.item), .delete(key: ["pk": .string("1")]), .put(["pk": .string("2")])]
        let body = DynamoDBClient.batchWriteItemBody(table: "Invoices \"test\"", requests: requests)
        struct Input: Decodable { var RequestItems: [String: [DynamoWriteRequest]] }
        let decoded = try JSONDecoder().decode(Input.self, from: Data(body))
        #expect(decoded.RequestItems == ["Invoices \"test\"": requests])
    }
}
