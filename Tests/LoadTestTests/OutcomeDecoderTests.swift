import FleetContracts
import FleetMessaging
import Foundation
import Kafka
import LoadTest
import Testing

/// Recognising this run's outcome records among others on shared topics.
struct OutcomeDecoderTests {
    let decoder = OutcomeDecoder(bucket: "invoices", keyPrefix: "loadtest/r1/", processedTopic: "processed", deadLetterTopic: "dlq")

    func processed(bucket: String = "invoices", key: String) throws -> KafkaRecord {
        let invoice = ProcessedInvoice(accessKey: "AK", invoiceNumber: "1", bucket: bucket, key: key, eTag: "e", storedAt: "t", workerId: "w")
        return KafkaRecord(topic: "processed", partition: 0, offset: 1, key: Array("AK".utf8),
                           value: Array(try JSONEncoder().encode(invoice)), timestampMilliseconds: 1234)
    }

    func deadLetter(value: [UInt8], stage: DeadLetter.Stage = .validate) -> KafkaRecord {
        let letter = DeadLetter(value: value, key: nil, stage: stage, code: DeadLetterCode(.totalsMismatch), message: "m", errorClass: .permanent,
                                originalTopic: "uploads", originalPartition: 0, originalOffset: 7, attempts: 1, failedAt: "t", workerID: "w")
        return KafkaRecord(topic: "dlq", partition: 0, offset: 3, key: nil, value: value, headers: letter.message(topic: "invoices.dlq").headers, timestampMilliseconds: 99)
    }

    @Test func readsProcessedRecordsOfThisRun() throws {
        #expect(decoder.outcome(of: try processed(key: "loadtest/r1/a b.json"))
            == ObservedOutcome(key: "loadtest/r1/a b.json", result: .stored(accessKey: "AK"), timestampMilliseconds: 1234))
        #expect(decoder.outcome(of: try processed(key: "loadtest/r2/a.json")) == nil, "another run")
        #expect(decoder.outcome(of: try processed(bucket: "elsewhere", key: "loadtest/r1/a.json")) == nil, "another bucket")
    }

    @Test func readsDeadLettersByTheirOriginalEventDecodingTheKey() {
        let event = S3EventRecord.objectCreatedJSON(bucket: "invoices", key: "loadtest/r1/filial São João/x+y.json", size: 1, eTag: "e")
        #expect(decoder.outcome(of: deadLetter(value: event))
            == ObservedOutcome(key: "loadtest/r1/filial São João/x+y.json", result: .deadLettered(code: "totals_mismatch", stage: "validate"), timestampMilliseconds: 99))
    }

    @Test func skipsDeadLettersThatNameNoObjectOfThisRun() {
        // A relay dead letter carries the whole notification (or garbage): no single object.
        #expect(decoder.outcome(of: deadLetter(value: Array("not json".utf8), stage: .relay)) == nil)
        let other = S3EventRecord.objectCreatedJSON(bucket: "invoices", key: "2026/11/x.json", size: 1, eTag: "e")
        #expect(decoder.outcome(of: deadLetter(value: other)) == nil)
        var headerless = deadLetter(value: other)
        headerless.headers = []
        #expect(decoder.outcome(of: headerless) == nil)
    }
}
