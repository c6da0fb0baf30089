import FleetContracts
import InvoiceDomain
import Testing

struct DeadLetterTests {
    static let letter = DeadLetter(
        value: Array("{}".utf8), key: Array("invoices/a.json".utf8), stage: .validate, code: .accessKeyConflict,
        message: "two invoices", errorClass: .permanent, originalTopic: "invoice-uploads", originalPartition: 3,
        originalOffset: 42, attempts: 2, failedAt: "2026-12-01T00:00:00Z", workerID: "w-1"
    )

    @Test func headersReadBackAsTheSameDeadLetter() throws {
        let headers = Dictionary(uniqueKeysWithValues: Self.letter.headers.map { ($0.name, $0.value) })
        #expect(headers["error.code"] == "access_key_conflict")
        #expect(headers["original.partition"] == "3")
        let read = try #require(DeadLetter(value: Self.letter.value, key: Self.letter.key) { headers[$0] })
        #expect(read == Self.letter)
    }

    @Test func aRecordWithoutTheContractHeadersIsNoDeadLetter() {
        #expect(DeadLetter(value: [], key: nil) { $0 == "error.code" ? "x" : nil } == nil)
    }

    @Test func everyCodeIsDistinctAndTheDomainCodesAreAmongThem() {
        let raw = DeadLetterCode.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        for code in InvoiceErrorCode.allCases {
            #expect(raw.contains(code.rawValue))
        }
        #expect(DeadLetterCode(.totalsMismatch).rawValue == "totals_mismatch")
    }
}
