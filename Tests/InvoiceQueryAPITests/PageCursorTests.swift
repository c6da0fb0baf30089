import AWSClients
import Foundation
@testable import InvoiceQueryAPI
import Testing

@Suite("PageCursor: signed, opaque, bound to one customer")
struct PageCursorTests {
    let customer = "52998224725"
    let startKey: DynamoItem = [
        "pk": .string("35261111222333000181550010001234561000123454"),
        "customerDocument": .string("52998224725"),
        "issueDate": .string("2026-11-24T13:15:00Z"),
    ]

    /// The payload as the cursor carries it (`PageCursor.Payload` is private).
    struct Payload: Codable {
        var v: Int
        var pk: String
        var customerDocument: String
        var issueDate: String
    }

    @Test("a cursor decodes to the ExclusiveStartKey it was made from, and is opaque and URL-safe")
    func roundTrip() throws {
        let cursor = PageCursor(secret: "s3cret")
        let text = try #require(cursor.encode(startKey: startKey, customerDocument: customer))
        #expect(try cursor.decode(Substring(text), customerDocument: customer) == startKey)
        #expect(!text.contains(customer))
        let urlSafe = text.utf8.allSatisfy { byte in
            byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        }
        #expect(urlSafe)
        #expect(text.utf8.count <= PageCursor.maxLength)
    }

    @Test("another replica with the same secret reads it")
    func sameSecretElsewhere() throws {
        let text = try #require(PageCursor(secret: "shared").encode(startKey: startKey, customerDocument: customer))
        #expect(try PageCursor(secret: "shared").decode(Substring(text), customerDocument: customer) == startKey)
    }

    @Test("an altered payload is invalid_cursor: the signature no longer matches")
    func tampered() throws {
        let cursor = PageCursor(secret: "s3cret")
        let text = try #require(cursor.encode(startKey: startKey, customerDocument: customer))
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 2)
        let signature = String(parts[1])
        let payloadBytes = try #require(PageCursor.data(base64URL: parts[0]))
        var payload = try JSONDecoder().decode(Payload.self, from: payloadBytes)
        #expect(payload.customerDocument == customer)

        payload.issueDate = "2000-01-01T00:00:00Z"
        let altered = PageCursor.base64URL(try JSONEncoder().encode(payload)) + "." + signature
        expectAPIError(.invalidCursor, "altered start key") { _ = try cursor.decode(Substring(altered), customerDocument: customer) }

        // Re-pointed at another customer, keeping the original signature.
        payload.issueDate = "2026-11-24T13:15:00Z"
        payload.customerDocument = "11222333000181"
        let forged = PageCursor.base64URL(try JSONEncoder().encode(payload)) + "." + signature
        expectAPIError(.invalidCursor, "forged customer") { _ = try cursor.decode(Substring(forged), customerDocument: "11222333000181") }
    }

    @Test("a genuine cursor used for another customer is invalid_cursor")
    func otherCustomer() throws {
        let cursor = PageCursor(secret: "s3cret")
        let text = try #require(cursor.encode(startKey: startKey, customerDocument: customer))
        expectAPIError(.invalidCursor) { _ = try cursor.decode(Substring(text), customerDocument: "11222333000181") }
    }

    @Test("a cursor signed with another secret, or by another process's random secret, is invalid_cursor")
    func otherSecret() throws {
        let text = try #require(PageCursor(secret: "one").encode(startKey: startKey, customerDocument: customer))
        expectAPIError(.invalidCursor) { _ = try PageCursor(secret: "two").decode(Substring(text), customerDocument: customer) }

        let random = PageCursor(secret: nil)
        let randomText = try #require(random.encode(startKey: startKey, customerDocument: customer))
        #expect(try random.decode(Substring(randomText), customerDocument: customer) == startKey)
        expectAPIError(.invalidCursor) { _ = try PageCursor(secret: nil).decode(Substring(randomText), customerDocument: customer) }
    }

    @Test("garbage is invalid_cursor, never a crash", arguments: [
        "", ".", "..", "abc", "abc.def", "a.b.c", "!!!.???", "eyJ2IjoxfQ", "eyJ2IjoxfQ.", ".c2ln", "eyJ2IjoxfQ.c2ln",
        "%00.%00", "ünïcödé.ünïcödé", String(repeating: "A", count: 2000) + "." + String(repeating: "B", count: 43),
    ])
    func garbage(text: String) {
        expectAPIError(.invalidCursor) { _ = try PageCursor(secret: "s3cret").decode(Substring(text), customerDocument: customer) }
    }

    @Test("no cursor is made from a start key without the table and index keys")
    func incompleteStartKey() {
        #expect(PageCursor(secret: "s").encode(startKey: ["pk": .string("1")], customerDocument: customer) == nil)
        #expect(PageCursor(secret: "s").encode(startKey: ["issueDate": .string("2026-11-24T13:15:00Z")], customerDocument: customer) == nil)
    }
}
