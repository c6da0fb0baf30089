import FleetContracts
import Foundation
import Testing

/// The `invoices.processed` value is the consumers' contract: the direct writer must say
/// exactly what `JSONEncoder` with `.sortedKeys` said.
struct ProcessedInvoiceJSONTests {
    @Test(arguments: [
        "2026/11/nota-1.json", "São Paulo/ção 🧾.json", "quote \" backslash \\ slash /",
        "controls \n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} end", "separators \u{2028}\u{2029} and é (e\u{301})", "",
    ])
    func writesWhatJSONEncoderWrites(_ key: String) throws {
        let message = ProcessedInvoice(
            accessKey: "35261111222333000181550010001234561000123454", invoiceNumber: "123456", bucket: "invoices/\(key)",
            key: key, eTag: "\"d41d8cd9\"", storedAt: "2026-11-25T00:00:00Z", workerId: "worker-\(key)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: message.json, as: UTF8.self) == String(decoding: try encoder.encode(message), as: UTF8.self))
    }
}
