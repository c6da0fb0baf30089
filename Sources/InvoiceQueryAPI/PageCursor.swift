import AWSClients
import Crypto
import FleetContracts
import Foundation

/// Opaque pagination cursors: where a customer's page stopped, signed so that a client
/// can neither forge one nor point it at another customer.
///
/// Form: `base64url(payload JSON) "." base64url(HMAC-SHA256(secret, payload))`. The
/// payload holds the last item's table key and `byCustomer` index key, which is exactly
/// DynamoDB's `ExclusiveStartKey` for the next page. A cursor that is garbage, altered,
/// signed with another secret or issued for another customer is `400 invalid_cursor`,
/// never a DynamoDB `ValidationException`.
package struct PageCursor: Sendable {
    /// The secret's bytes: `SymmetricKey` is not `Sendable`, so the key is made per use.
    private let secret: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// Longest cursor read; ours are about 200 characters.
    static let maxLength = 1024

    /// - Parameter secret: The signing secret; `nil` for a random one of this process.
    package init(secret: String?) {
        self.secret = secret.map { Array($0.utf8) } ?? SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// The cursor that continues after `startKey`.
    func encode(startKey: DynamoItem, customerDocument: String) -> String? {
        guard let pk = startKey[InvoiceTable.Attribute.partitionKey]?.stringValue,
              let issueDate = startKey[InvoiceTable.ByCustomer.sortKey]?.stringValue
        else { return nil }
        let payload = Payload(v: 1, pk: pk, customerDocument: customerDocument, issueDate: issueDate)
        guard let json = try? JSONEncoder().encode(payload) else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: json, using: key)
        return Self.base64URL(json) + "." + Self.base64URL(Data(mac))
    }

    /// The `ExclusiveStartKey` a cursor stands for.
    ///
    /// - Throws: `QueryAPIError` `invalid_cursor` unless the cursor is one this API signed
    ///   for `customerDocument`.
    func decode(_ cursor: Substring, customerDocument: String) throws(QueryAPIError) -> DynamoItem {
        let invalid = QueryAPIError(.invalidCursor, "cursor is not one this API issued for this customer; start again without it")
        let parts = cursor.split(separator: ".", omittingEmptySubsequences: false)
        guard cursor.utf8.count <= Self.maxLength, parts.count == 2,
              let json = Self.data(base64URL: parts[0]), let mac = Self.data(base64URL: parts[1]),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: json, using: key),
              let payload = try? JSONDecoder().decode(Payload.self, from: json),
              payload.v == 1, payload.customerDocument == customerDocument
        else { throw invalid }
        return [
            InvoiceTable.Attribute.partitionKey: .string(payload.pk),
            InvoiceTable.ByCustomer.partitionKey: .string(payload.customerDocument),
            InvoiceTable.ByCustomer.sortKey: .string(payload.issueDate),
        ]
    }

    // MARK: - Encoding

    private struct Payload: Codable {
        var v: Int
        var pk: String
        var customerDocument: String
        var issueDate: String
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: Substring) -> Data? {
        guard !text.isEmpty, text.utf8.allSatisfy({ isBase64URL($0) }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
