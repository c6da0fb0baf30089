import FleetTestSupport
import PipelineTestSupport
import Foundation
import LoadTest
import ServiceLifecycle
import Testing
import UploadRelay

/// The whole flow on the local stack: S3 → SQS → relay → Kafka → two workers → DynamoDB,
/// driven and checked by the load generator's library.
@Suite(.enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"), .timeLimit(.minutes(5)))
struct FleetEndToEndTests {
    @Test func everyUploadIsStoredOrDeadLetteredAsExpected() async throws {
        let fixture = try RelayFixture()
        try await fixture.provision(partitions: 4, table: true)
        let relay = try fixture.relay()
        let group = ServiceGroup(configuration: .init(
            services: [relay, try fixture.worker(id: "e2e-worker-1"), try fixture.worker(id: "e2e-worker-2")],
            logger: fixture.logger
        ))
        let fleet = Task { try await group.run() }

        var configuration = LoadTestConfiguration()
        configuration.count = 300
        configuration.brokenShare = 0.05
        configuration.seed = 2026
        configuration.timeout = .seconds(120)
        let report = try await LoadTestRun(settings: fixture.settings, configuration: configuration, s3: fixture.aws.s3, logger: fixture.logger).run()

        await group.triggerGracefulShutdown()
        try await fleet.value

        #expect(report.passed, "\(report.text)")
        #expect(report.mismatches.isEmpty)
        #expect(report.uploads.succeeded == 300)
        #expect(report.outcomes.accounted == 300)
        // 1% of the files (3 pairs) claim the previous file's access key with other content.
        #expect(report.outcomes.stored == 279)
        #expect(report.outcomes.contested == 6)
        #expect(report.outcomes.deadLettered == 15)
        #expect(report.latencyMilliseconds.count == 300)
        #expect(relay.tally.snapshot.relayed >= 300)

        // The table holds exactly the valid invoices, one of each contested pair.
        let items = try await fixture.aws.dynamo.scanAll(table: fixture.settings.table, consistentRead: true)
        #expect(items.count == 282)
        await fixture.tearDown()
    }
}
