import AWSClients
import Foundation
import InvoiceDomain
import InvoiceGenerator
import FleetContracts

/// One generated invoice file, as uploaded, and the invoice the validator reads from it.
struct SampleInvoice: Sendable {
    /// The S3 key the generator chose (raw, not form-encoded).
    let key: String
    let body: [UInt8]
    let invoice: Invoice

    var accessKey: String { invoice.accessKey }
    var customerDocument: String { invoice.customer.document }
    /// `issueDate` as the table stores and indexes it: UTC, whole seconds.
    var storedIssueDate: String { ISO8601Timestamp.format(invoice.issuedAt, offsetMinutes: 0) }

    /// The table item a worker writes for this invoice (`InvoiceTable.item(for:source:storedAt:)`), for tests
    /// that put items themselves.
    func item(storedAt: String = "2026-11-24T13:15:00Z") -> DynamoItem {
        InvoiceTable.item(for: invoice, source: InvoiceSource(bucket: "invoices", key: key, eTag: "test"), storedAt: storedAt)
    }
}

/// Valid generated invoices, some of them moved to two known customers, so that listings
/// have something to page through.
enum SampleInvoices {
    /// A CPF with valid check digits (the schema's sample customer).
    static let busyCustomer = "52998224725"
    /// A CNPJ with valid check digits (the schema's sample issuer).
    static let smallCustomer = "11222333000181"

    struct GenerationError: Error, CustomStringConvertible {
        var description: String
    }

    /// `count` valid invoices: the first `busy` bought by `busyCustomer`, each issued in a
    /// different second (so that "newest first" is one order), the next `small` by
    /// `smallCustomer`, the rest by their own generated customers.
    ///
    /// The customer is changed in the file's text: the customer document is not part of
    /// the access key, so the invoice stays valid, which is checked again here.
    ///
    /// - Parameter plainKeysOnly: Skip files whose S3 key has characters S3 form-encodes
    ///   in notifications (spaces, `+`, non-ASCII).
    static func make(
        seed: UInt64, count: Int, busy: Int, small: Int, plainKeysOnly: Bool = false, now: Date = Date()
    ) throws -> [SampleInvoice] {
        let generator = InvoiceGenerator(seed: seed, configuration: .init(now: now, brokenShare: 0))
        let validator = InvoiceValidator()
        var samples: [SampleInvoice] = []
        var busySeconds: Set<String> = []
        var index = 0
        while samples.count < count {
            guard index < count * 20 else { throw GenerationError(description: "the generator gave too few usable files") }
            let file = generator.file(at: index)
            index += 1
            guard case .stored = file.expected else { continue }
            if plainKeysOnly, !file.key.utf8.allSatisfy(isPlain) { continue }
            let original = try validator.validate(file.body, now: now).get()
            let customer: String?
            if samples.count < busy {
                customer = busyCustomer
            } else if samples.count < busy + small {
                customer = smallCustomer
            } else {
                customer = nil
            }
            guard let customer else {
                samples.append(SampleInvoice(key: file.key, body: file.body, invoice: original))
                continue
            }
            let second = ISO8601Timestamp.format(original.issuedAt, offsetMinutes: 0)
            if customer == busyCustomer, busySeconds.contains(second) { continue }
            let body = try replacing(customer: original.customer.document, with: customer, in: file.body)
            let invoice = try validator.validate(body, now: now).get()
            guard invoice.customer.document == customer, invoice.accessKey == original.accessKey else {
                throw GenerationError(description: "moving \(original.accessKey) to customer \(customer) failed")
            }
            if customer == busyCustomer { busySeconds.insert(second) }
            samples.append(SampleInvoice(key: file.key, body: body, invoice: invoice))
        }
        return samples
    }

    /// The file with its one quoted occurrence of `old` replaced by `new`.
    private static func replacing(customer old: String, with new: String, in body: [UInt8]) throws -> [UInt8] {
        let parts = String(decoding: body, as: UTF8.self).components(separatedBy: "\"\(old)\"")
        guard parts.count == 2 else {
            throw GenerationError(description: "customer document \(old) appears \(parts.count - 1) times in its file")
        }
        return Array(parts.joined(separator: "\"\(new)\"").utf8)
    }

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// A valid access key (correct check digit) that no sample uses: series 999 is
    /// beyond what the generator reaches.
    static let absentAccessKey: String = NFeAccessKey(
        stateCode: 35, year: 2026, month: 11, issuerCNPJ: smallCustomer, series: 999, number: 123_456, randomCode: 12_345_678
    )!.digits

    /// `absentAccessKey` with another last digit: 44 digits, wrong mod-11 check digit.
    static var wrongCheckDigitKey: String {
        let key = absentAccessKey
        let last = Int(String(key.suffix(1))) ?? 0
        return String(key.dropLast()) + String((last + 1) % 10)
    }
}
