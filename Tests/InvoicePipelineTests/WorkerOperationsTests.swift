import AsyncHTTPClient
import FleetTestSupport
import Foundation
import NIOCore
import Testing

/// What a worker process shows operators and autoscalers, on the local stack: its lag
/// gauges, its health gauge, and its work across refreshes of short-lived credentials.
@Suite(
    .enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"),
    .enabled(if: FileManager.default.isExecutableFile(atPath: WorkerProcess.binary.path), "build invoice-fleet first (compose/test does)"),
    .timeLimit(.minutes(5))
)
struct WorkerOperationsTests {
    /// The samples of `name` in a Prometheus text page, by their label text.
    static func samples(_ name: String, in page: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in page.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[parts.count - 1]) else { continue }
            values[String(parts[0].dropFirst(name.count))] = value
        }
        return values
    }

    static func scrape(port: Int) async -> String? {
        guard let response = try? await HTTPClient.shared.get(url: "http://127.0.0.1:\(port)/metrics").get(),
              let body = response.body else { return nil }
        return String(buffer: body)
    }

    @Test("a worker signing with 4 s container credentials stores everything across refreshes; its lag gauges rise with the backlog and return to 0")
    func lagAndCredentialRefresh() async throws {
        let fixture = try PipelineFixture()
        try await fixture.provision(partitions: 2)
        let files = fixture.files(count: 400, brokenShare: 0.1, seed: 23)
        _ = try await fixture.upload(files)
        try await fixture.produceEvents(keys: files.map(\.key))

        let endpoints = CredentialEndpoints(lifetime: 4)
        try await endpoints.serve { credentialsPort in
            let metricsPort = Int.random(in: 21000..<23000)
            // No keys in the environment: the chain falls through to the container endpoint.
            let worker = try WorkerProcess(id: "lagging", settings: fixture.settings, extraEnvironment: [
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                "AWS_CONFIG_FILE": "/nonexistent",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(credentialsPort)/container/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": CredentialEndpoints.containerToken,
                "WORKER_METRICS_PORT": "\(metricsPort)", "WORKER_BATCH_SIZE": "10",
            ])
            var peakRecords = 0.0, peakSeconds = 0.0, healthy: Double?
            var lastRecords: [String: Double] = [:], lastSeconds: [String: Double] = [:]
            let started = ContinuousClock.now
            var account = Accounting()
            // Scrape while the backlog drains, until every file is accounted for.
            while ContinuousClock.now - started < .seconds(150) {
                if let page = await Self.scrape(port: metricsPort) {
                    lastRecords = Self.samples("worker_partition_lag_records", in: page)
                    lastSeconds = Self.samples("worker_partition_lag_seconds", in: page)
                    peakRecords = max(peakRecords, lastRecords.values.reduce(0, +))
                    peakSeconds = max(peakSeconds, lastSeconds.values.max() ?? 0)
                    healthy = Self.samples("component_healthy", in: page).values.first
                }
                account = try await Accounting.wait(for: files, fixture: fixture, timeout: .milliseconds(1))
                if account.missing.isEmpty, ContinuousClock.now - started > .seconds(12) { break }
                try await Task.sleep(for: .seconds(1))
            }
            // Caught up: the next samples (every 5 s) are 0.
            try await Task.sleep(for: .seconds(6))
            if let page = await Self.scrape(port: metricsPort) {
                lastRecords = Self.samples("worker_partition_lag_records", in: page)
                lastSeconds = Self.samples("worker_partition_lag_seconds", in: page)
            }
            worker.kill(signal: SIGTERM)
            _ = await worker.waitForExit(timeout: .seconds(30))

            #expect(account.missing.isEmpty && account.wrong.isEmpty, "missing \(account.missing.prefix(3)), wrong \(account.wrong.prefix(3))")
            #expect(await endpoints.issued >= 3, "4 s credentials over more than 12 s: refreshed several times")
            #expect(await endpoints.requests.allSatisfy { $0 == "GET /container/credentials" })
            #expect(peakRecords > 0, "a backlog of 400 in batches of 10 shows as lag")
            #expect(peakSeconds > 0)
            #expect(Set(lastRecords.keys) == [#"{topic="\#(fixture.settings.uploadsTopic)",partition="0"}"#,
                                              #"{topic="\#(fixture.settings.uploadsTopic)",partition="1"}"#])
            #expect(lastRecords.values.allSatisfy { $0 == 0 }, "caught up: \(lastRecords)")
            #expect(lastSeconds.values.allSatisfy { $0 == 0 }, "caught up: \(lastSeconds)")
            #expect(healthy == 1)
        }
        await fixture.aws.shutdown()
    }
}
