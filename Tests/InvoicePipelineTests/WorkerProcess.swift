import FleetSettings
import Foundation

/// An `invoice-fleet worker` process of the package's debug build, for tests that kill
/// workers or run several. `compose/stack up` (and so `compose/test`) builds the binary.
final class WorkerProcess: @unchecked Sendable {
    // @unchecked: Process is not Sendable; each instance is used by one test only.
    let process = Process()
    let id: String

    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/invoice-fleet")
    }

    init(id: String, settings: StackSettings, extraEnvironment: [String: String] = [:]) throws {
        self.id = id
        var env = ProcessInfo.processInfo.environment
        env["KAFKA_BROKERS"] = settings.kafkaBrokers
        env["KAFKA_UPLOADS_TOPIC"] = settings.uploadsTopic
        env["KAFKA_PROCESSED_TOPIC"] = settings.processedTopic
        env["KAFKA_DLQ_TOPIC"] = settings.deadLetterTopic
        env["KAFKA_CONSUMER_GROUP"] = settings.consumerGroup
        env["INVOICE_BUCKET"] = settings.bucket
        env["INVOICE_TABLE"] = settings.table
        env["AWS_ENDPOINT_URL"] = settings.awsEndpoint ?? "aws"
        env["WORKER_ID"] = id
        env["WORKER_METRICS_PORT"] = "none"
        env["LOG_LEVEL"] = "warning"
        env.merge(extraEnvironment) { _, new in new }
        process.executableURL = Self.binary
        process.arguments = ["worker"]
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    func kill(signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit; returns its status, or nil after `timeout`.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit { if process.isRunning { kill(signal: SIGKILL) } }
}
