import Foundation
import InvoiceDomain
import InvoiceGenerator
@testable import InvoicePipeline
import Testing

struct BatchDeduplicatorTests {
    let invoices: [Invoice] = {
        let generator = InvoiceGenerator(seed: 3, configuration: .init(now: Date(), brokenShare: 0))
        return (0 ..< 3).map { try! InvoiceValidator().validate(generator.file(at: $0).body, now: Date()).get() }
    }()

    @Test func distinctInvoicesAreAllWritten() {
        #expect(BatchDeduplicator.resolve(invoices) == .init(toWrite: [0, 1, 2], conflicting: []))
    }

    @Test func identicalCopiesAreWrittenOnce() {
        let batch = [invoices[0], invoices[1], invoices[0], invoices[0]]
        #expect(BatchDeduplicator.resolve(batch) == .init(toWrite: [0, 1], conflicting: []))
    }

    @Test func sameKeyWithDifferentContentConflictsInEveryCopy() {
        var changed = invoices[1]
        changed.customer.name = "Outro Nome"
        let batch = [invoices[1], invoices[0], changed, invoices[1]]
        #expect(BatchDeduplicator.resolve(batch) == .init(toWrite: [1], conflicting: [0, 2, 3]))
    }
}
