import AWSClients
import Foundation
import Testing

@Suite("DynamoValue JSON")
struct DynamoValueTests {
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("numbers are encoded as strings, exactly as given")
    func numbersAsStrings() throws {
        #expect(try json(DynamoValue.number("21.00")) == #"{"N":"21.00"}"#)
        #expect(try json(DynamoValue.number("0.10")) == #"{"N":"0.10"}"#)
        #expect(try json(DynamoValue.integer(44)) == #"{"N":"44"}"#)
        #expect(try json(DynamoValue.decimal(Decimal(string: "1234567890123456789.01")!)) == #"{"N":"1234567890123456789.01"}"#)
    }

    @Test("every type encodes to its DynamoDB key")
    func allTypes() throws {
        let item: DynamoItem = [
            "s": "text", "b": .binary([0, 1, 255]), "t": true, "z": .null,
            "l": .list([.integer(1), "x"]), "ss": .stringSet(["a", "b"]), "ns": .numberSet(["1", "2.5"]),
        ]
        #expect(try json(item) == #"{"b":{"B":"AAH/"},"l":{"L":[{"N":"1"},{"S":"x"}]},"ns":{"NS":["1","2.5"]},"#
            + #""s":{"S":"text"},"ss":{"SS":["a","b"]},"t":{"BOOL":true},"z":{"NULL":true}}"#)
    }

    @Test("nested maps round-trip")
    func nestedRoundTrip() throws {
        let item: DynamoItem = [
            "pk": "35261111222333000181550010001234561000123454",
            "total": .number("21.00"),
            "issuer": .map(["cnpj": "11222333000181", "address": .map(["city": "São Paulo", "zip": .null])]),
            "items": .list([.map(["sku": "A-1", "quantity": .integer(2), "unitPrice": .number("10.50")])]),
        ]
        let encoded = try JSONEncoder().encode(item)
        #expect(try JSONDecoder().decode(DynamoItem.self, from: encoded) == item)
        #expect(try json(item).contains(#""issuer":{"M":{"address":{"M":{"city":{"S":"São Paulo"},"zip":{"NULL":true}}}"#))
    }

    @Test("decodes a DynamoDB response item without losing digits")
    func decodesResponse() throws {
        let body = #"{"pk":{"S":"k"},"total":{"N":"12345678901234567890.99"},"ok":{"BOOL":false},"gone":{"NULL":true}}"#
        let item = try JSONDecoder().decode(DynamoItem.self, from: Data(body.utf8))
        #expect(item["total"] == .number("12345678901234567890.99"))
        #expect(item["total"]?.decimalValue == Decimal(string: "12345678901234567890.99"))
        #expect(item["ok"]?.boolValue == false)
        #expect(item["gone"] == .null)
        #expect(item["pk"]?.stringValue == "k")
    }

    @Test("a value with no or two type keys is rejected", arguments: [#"{}"#, #"{"S":"a","N":"1"}"#, #"{"X":"a"}"#])
    func rejectsMalformed(body: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DynamoValue.self, from: Data(body.utf8)) }
    }

    @Test("accessors read only their own type")
    func accessors() {
        #expect(DynamoValue.number("7").intValue == 7)
        #expect(DynamoValue.number("7.5").intValue == nil)
        #expect(DynamoValue.string("7").intValue == nil)
        #expect(DynamoValue.map(["a": "b"]).mapValue?["a"] == "b")
        #expect(DynamoValue.list(["a"]).listValue == ["a"])
    }

    @Test("write requests encode as PutRequest / DeleteRequest")
    func writeRequests() throws {
        #expect(try json(DynamoWriteRequest.put(["pk": "a"])) == #"{"PutRequest":{"Item":{"pk":{"S":"a"}}}}"#)
        #expect(try json(DynamoWriteRequest.delete(key: ["pk": "a"])) == #"{"DeleteRequest":{"Key":{"pk":{"S":"a"}}}}"#)
        let decoded = try JSONDecoder().decode(DynamoWriteRequest.self, from: Data(#"{"PutRequest":{"Item":{"n":{"N":"1"}}}}"#.utf8))
        #expect(decoded == .put(["n": .number("1")]))
    }
}
