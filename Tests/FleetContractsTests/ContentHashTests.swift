import Foundation
import FleetContracts
import InvoiceDomain
import Testing

/// Stored items carry their content hash and the identity rule compares it, so the hash
/// of an invoice must never change: these values were computed before any optimisation.
struct ContentHashTests {
    @Test func aValidatedInvoiceKeepsItsHash() throws {
        let invoice = try InvoiceValidator().validate(Array(InvoiceTableTests.sample.utf8), now: Date()).get()
        #expect(InvoiceIdentity.contentHash(of: invoice) == "493ca28ed68ffeba193ac7b0b5e0e0e022d735e8895482a83c89afdc75a262db")
    }

    /// Charges, non-ASCII and escaped text, an empty field, and extreme amounts.
    @Test func edgeCasesKeepTheirHash() throws {
        #expect(InvoiceIdentity.contentHash(of: Self.edgeCases) == "78cb856b7f3f768cf6afdbd4a2b3983537eb82de2777b5a7d0ca00054331838f")
    }

    static let edgeCases: Invoice = {
        func item(_ sku: String, _ description: String, _ quantity: Int64, _ price: String, _ cents: Int64) -> Invoice.Item {
            Invoice.Item(
                sku: sku, description: description, quantity: Quantity(tenThousandths: quantity)!,
                unitPrice: UnitPrice(price)!, total: Money(cents: cents)!)
        }
        return Invoice(
            accessKey: "43260199888777000166650020000000429000000017", invoiceNumber: "42", series: "2",
            issueDate: "2026-01-02T03:04:05.250Z", issuedAt: Date(timeIntervalSince1970: 0),
            issuer: .init(cnpj: "99888777000166", name: "Padaria São João Ltda"),
            customer: .init(document: "11222333000181", name: "Zoë Ñandú & Filhos"),
            items: [
                item("P-01", "Pão de queijo", 1250, "0.3333333333", 4),
                item("P-02", "Café \"especial\" \\ moído 🫘", 10_000_000_000, "99999999999.9999999999", 123_456_789_012_345),
                item("", "x", 1, "0", 0),
            ],
            totalAmount: Money(cents: 123_458_012)!,
            charges: .init(discount: Money(cents: 5)!, freight: Money(cents: 1230)!, otherCharges: Money(cents: 123_456_789)!),
            currency: "USD")
    }()
}
