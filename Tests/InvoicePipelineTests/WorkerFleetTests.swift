import FleetContracts
import FleetTestSupport
import Foundation
import InvoiceGenerator
import Kafka
import Testing

/// Worker processes killed, restarted and run side by side, on the local stack.
@Suite(
    .enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"),
    .enabled(if: FileManager.default.isExecutableFile(atPath: WorkerProcess.binary.path), "build invoice-fleet first (compose/test does)"),
    .timeLimit(.minutes(5))
)
struct WorkerFleetTests {
    @Test func workerKilledMidRunAndRestartedLosesNothing() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 2)
        let files = fixture.files(count: 500, brokenShare: 0.1, seed: 7)
        let valid = files.filter(\.expected.isStored).count
        _ = try await fixture.upload(files)
        try await fixture.produceEvents(keys: files.map(\.key))

        // Small batches, so that the kill lands between commits with work in flight.
        let small = ["WORKER_BATCH_SIZE": "10"]
        let first = try WorkerProcess(id: "doomed", settings: fixture.settings, extraEnvironment: small)
        // Kill as soon as 60 outcomes are out, not after a look for more: the worker is
        // fast enough to finish the run in that time.
        let partial = try await fixture.read(fixture.settings.processedTopic, count: 60, timeout: .seconds(60), linger: .zero)
        first.kill(signal: SIGKILL)
        _ = await first.waitForExit(timeout: .seconds(10))
        #expect(partial.count >= 60 && partial.count < valid, "the kill should land mid-run (saw \(partial.count) of \(valid))")

        let second = try WorkerProcess(id: "survivor", settings: fixture.settings, extraEnvironment: small)
        let account = try await Accounting.wait(for: files, fixture: fixture)
        second.kill(signal: SIGTERM)
        #expect(await second.waitForExit(timeout: .seconds(30)) == 0, "SIGTERM ends a worker cleanly")

        #expect(account.missing.isEmpty, "unaccounted: \(account.missing.prefix(5))")
        #expect(account.wrong.isEmpty, "wrong outcome: \(account.wrong.prefix(5))")
        let items = try await fixture.storedItems()
        #expect(items.count == valid, "each valid invoice stored once")
        await fixture.aws.shutdown()
    }

    @Test func twoWorkersInOneGroupShareTheWork() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 4)
        let files = fixture.files(count: 300, brokenShare: 0.05, seed: 11)
        _ = try await fixture.upload(files)
        let env = ["WORKER_BATCH_SIZE": "20"]
        let a = try WorkerProcess(id: "worker-a", settings: fixture.settings, extraEnvironment: env)
        let b = try WorkerProcess(id: "worker-b", settings: fixture.settings, extraEnvironment: env)
        // Let both join before work arrives, so that neither takes every partition first.
        try await Task.sleep(for: .seconds(6))
        try await fixture.produceEvents(keys: files.map(\.key))

        let account = try await Accounting.wait(for: files, fixture: fixture)
        a.kill(signal: SIGTERM)
        b.kill(signal: SIGTERM)
        _ = await a.waitForExit(timeout: .seconds(30))
        _ = await b.waitForExit(timeout: .seconds(30))

        #expect(account.missing.isEmpty && account.wrong.isEmpty)
        #expect(account.workers == ["worker-a", "worker-b"], "both members did work: \(account.workers)")
        await fixture.aws.shutdown()
    }
}

/// Reads results and dead letters until every file is accounted for (or time runs out).
struct Accounting {
    var missing: [String] = []
    var wrong: [String] = []
    var workers: Set<String> = []

    static func wait(for files: [GeneratedFile], fixture: PipelineFixture, timeout: Duration = .seconds(150)) async throws -> Accounting {
        let deadline = ContinuousClock.now + timeout
        var account = Accounting()
        repeat {
            let processed = try await fixture.read(fixture.settings.processedTopic, count: .max, timeout: .milliseconds(500))
            let dead = try await fixture.read(fixture.settings.deadLetterTopic, count: .max, timeout: .milliseconds(500))
            var outcome: [String: String] = [:]
            var workers: Set<String> = []
            for record in processed {
                guard let result = try? JSONDecoder().decode(ProcessedInvoice.self, from: Data(record.value)) else { continue }
                outcome[result.key] = "stored"
                workers.insert(result.workerId)
            }
            for letter in dead.compactMap(DeadLetter.init(record:)) {
                if let key = S3Key(of: letter) { outcome[key] = letter.code.rawValue }
                workers.insert(letter.workerID)
            }
            account = Accounting(workers: workers)
            for file in files {
                guard let got = outcome[file.key] else { account.missing.append(file.key); continue }
                let want = switch file.expected {
                case .stored: "stored"
                case let .deadLettered(code): code.rawValue
                case .contested: "contested" // not generated here: conflictShare is 0
                }
                if got != want { account.wrong.append("\(file.key): \(got) ≠ \(want)") }
            }
            if account.missing.isEmpty { return account }
            try await Task.sleep(for: .seconds(1))
        } while ContinuousClock.now < deadline
        return account
    }
}

extension ExpectedOutcome {
    var isStored: Bool { if case .stored = self { true } else { false } }
}
