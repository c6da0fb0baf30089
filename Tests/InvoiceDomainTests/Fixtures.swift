import Foundation
import InvoiceDomain
import Testing

/// Invoice texts and helpers shared by the validator tests.
enum Fixtures {
    /// One day after the sample's issue date.
    static let now = ISO8601Timestamp.parse("2026-11-25T12:00:00Z") ?? Date(timeIntervalSince1970: 0)

    /// The schema's sample invoice (access key 3526…1000123454), verbatim.
    static let sample = """
        {
          "schemaVersion": 1,
          "accessKey": "35261111222333000181550010001234561000123454",
          "invoiceNumber": "123456",
          "series": "1",
          "issueDate": "2026-11-24T10:15:00-03:00",
          "issuer":   { "cnpj": "11222333000181", "name": "Loja Exemplo LTDA" },
          "customer": { "document": "52998224725", "name": "Maria Silva" },
          "items": [
            { "sku": "A-1", "description": "Caneta", "quantity": 2, "unitPrice": "10.50", "total": "21.00" }
          ],
          "totalAmount": "21.00",
          "currency": "BRL"
        }
        """

    /// The sample's only item line, with its indentation and newline.
    static let itemLine = #"""
            { "sku": "A-1", "description": "Caneta", "quantity": 2, "unitPrice": "10.50", "total": "21.00" }
        """# + "\n"

    /// The sample with three items, two of them with fractional quantities
    /// (2.35 has no exact binary form, so any trip through `Double` would show).
    static let threeItems = sample.replacingOccurrences(
        of: #"""
            { "sku": "A-1", "description": "Caneta", "quantity": 2, "unitPrice": "10.50", "total": "21.00" }
            """#,
        with: #"""
            { "sku": "A-1", "description": "Caneta", "quantity": 2, "unitPrice": "10.50", "total": "21.00" },
                { "sku": "B-2", "description": "Banana Prata", "quantity": 1.5, "unitPrice": "5.98", "total": "8.97" },
                { "sku": "C-3", "description": "Cabo 2,5mm", "quantity": 2.35, "unitPrice": "1.20", "total": "2.82" }
            """#
    ).replacingOccurrences(of: #""totalAmount": "21.00""#, with: #""totalAmount": "32.79""#)

    static let validator = InvoiceValidator()

    /// `text` with each `(old, new)` replaced once; records an issue when `old` is absent,
    /// so that a typo cannot make a test pass vacuously.
    static func edited(
        _ edits: [(String, String)], in text: String = sample, sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        var result = text
        for (old, new) in edits {
            guard let range = result.range(of: old) else {
                Issue.record("fixture does not contain \(old)", sourceLocation: sourceLocation)
                continue
            }
            result.replaceSubrange(range, with: new)
        }
        return result
    }

    static func validate(_ text: String, now: Date = now) -> Result<Invoice, InvoiceRejection> {
        validator.validate(Array(text.utf8), now: now)
    }

    /// The rejection of `text`, or `nil` when it is valid.
    static func rejection(_ text: String, now: Date = now) -> InvoiceRejection? {
        if case .failure(let rejection) = validate(text, now: now) { return rejection }
        return nil
    }
}
