import DeadLetterTools
import FleetContracts
import FleetMessaging
import FleetTestSupport
import Foundation
import Kafka
import Testing

/// Publishes a realistic set of dead letters into `DLQ_DEMO_TOPIC` (and creates
/// `DLQ_DEMO_UPLOADS`), for trying the `dlq` commands by hand; docs/operations-dlq.md
/// was captured this way. Runs only when `DLQ_DEMO_TOPIC` is set.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DLQ_DEMO_TOPIC"] != nil, "set DLQ_DEMO_TOPIC to seed a demo DLQ"))
struct DeadLetterDemoSeed {
    @Test func seedDemoDeadLetters() async throws {
        let environment = ProcessInfo.processInfo.environment
        let dlq = try #require(environment["DLQ_DEMO_TOPIC"])
        let uploads = environment["DLQ_DEMO_UPLOADS"] ?? "\(dlq).uploads"
        let fixture = DeadLetterStackFixture()
        let admin = try KafkaAdmin(configuration: fixture.settings.client, logger: fixture.logger)
        try await admin.createTopics([.init(name: dlq, partitions: 1), .init(name: uploads, partitions: 3)])
        let now = Date()
        func letter(_ key: String, _ stage: DeadLetter.Stage, _ code: String, _ errorClass: DeadLetter.ErrorClass, _ message: String, hoursAgo: Double, attempts: Int = 1) -> DeadLetter {
            var letter = DeadLetterSamples.letter(key: key, stage: stage, code: code, errorClass: errorClass, attempts: attempts, failedAt: now - hoursAgo * 3600)
            letter.message = message
            letter.workerID = "worker-\(key.count % 3 + 1)"
            return letter
        }
        var letters: [DeadLetter] = []
        for i in 1 ... 6 {
            letters.append(letter("2026/11/24/nfe-10\(i).json", .validate, "totals_mismatch", .permanent,
                                  "totalAmount 1\(i)0.00 differs from the sum of item totals 1\(i)0.50", hoursAgo: Double(30 - i * 4)))
        }
        letters.append(letter("2026/11/24/nfe-201.json", .validate, "access_key_check_digit", .permanent,
                              "accessKey check digit is 3, expected 4", hoursAgo: 20))
        letters.append(letter("2026/11/25/nfe-301.json", .parse, "invalid_json", .permanent,
                              "not JSON: unexpected end of input at byte 512", hoursAgo: 3, attempts: 2))
        for i in 1 ... 3 {
            letters.append(letter("2026/11/25/lote+7/nfe-40\(i).json", .fetch, "s3_unavailable", .transient,
                                  "GetObject failed after 5 attempts: 503 SlowDown", hoursAgo: 1.5))
        }
        letters.append(letter("2026/11/20/nfe-501.json", .validate, "totals_mismatch", .permanent,
                              "totalAmount 99.00 differs from the sum of item totals 99.90", hoursAgo: 50, attempts: 5))
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: fixture.settings.client), logger: fixture.logger)
        _ = try await producer.sendAll(letters.map { $0.message(topic: dlq) })
        await producer.shutdown()
    }
}
