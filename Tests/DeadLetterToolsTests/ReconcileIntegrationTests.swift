import AWSClients
import DeadLetterTools
import FleetContracts
import FleetMessaging
import FleetRuntime
import FleetTestSupport
import Foundation
import InvoiceDomain
import InvoiceGenerator
import Kafka
import Testing

/// `reconcile` against the running stack, with a real worker storing and dead-lettering.
@Suite(.enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"), .timeLimit(.minutes(5)))
struct ReconcileIntegrationTests {
    @Test func findsTheObjectWhoseEventWasLostAndFollowsAReplay() async throws {
        let fixture = try ReconcileStackFixture()
        try await fixture.provision()
        let generated = fixture.files(count: 25, brokenShare: 0.3)
        // One valid invoice goes under a key of its own and its event never reaches Kafka.
        let firstValid = generated.firstIndex { file in
            if case .stored = file.expected { return true }
            return false
        }
        let lostIndex = try #require(firstValid)
        let lostKey = "lost/never relayed.json"
        let lostETag = try await fixture.put(lostKey, generated[lostIndex].body)
        var files = generated
        files.remove(at: lostIndex)
        var validKeys: Set<String> = []
        var broken: [(key: String, code: String)] = []
        for file in files {
            switch file.expected {
            case .stored: validKeys.insert(file.key)
            case let .deadLettered(code): broken.append((file.key, code.rawValue))
            case .contested: Issue.record("no conflicts are generated here")
            }
        }
        try #require(!validKeys.isEmpty && !broken.isEmpty, "the generator should give both kinds")
        let brokenKeys = Set(broken.map(\.key))
        var eTags: [String: String] = [:]
        for file in files { eTags[file.key] = try await fixture.put(file.key, file.body) }

        try await fixture.produce(files.map { fixture.event(for: $0.key, eTag: eTags[$0.key] ?? "") })
        let settled = try await fixture.runWorker(id: "reconcile-a") { seen in
            seen.stored.isSuperset(of: validKeys) && Set(seen.deadLettered.keys).isSuperset(of: brokenKeys)
        }
        try #require(settled, "the worker should store or dead-letter every file")

        let first = try await fixture.reconciler().reconcile(bucket: fixture.settings.bucket)
        #expect(first.checked == files.count + 1)
        #expect(first.counts.stored == validKeys.count)
        #expect(first.counts.deadLettered == broken.count)
        #expect(first.counts.replayedPending == 0)
        #expect(first.missing.map(\.key) == [lostKey])
        #expect(first.missing.first?.eTag == lostETag)
        #expect(first.missing.first?.otherVersionSeen == false)
        for (key, code) in broken {
            #expect(first.deadLettered.first { $0.key == key }?.code == code, "\(key) should be dead-lettered with \(code)")
        }
        #expect(first.hasMissing)

        // Replay one dead letter (as `dlq replay` does) and send the lost event, no worker running.
        let replayed = broken[0]
        let entries = try await fixture.records(of: fixture.settings.deadLetterTopic).compactMap(DeadLetterEntry.init(record:))
        let letter = try #require(entries.first { $0.source?.key == replayed.key })
        let replay = KafkaOutgoingMessage(
            topic: fixture.settings.uploadsTopic, key: letter.record.key, value: letter.record.value,
            headers: [KafkaHeader(ReplayHeader.replayOf, letter.position), KafkaHeader(ReplayHeader.attempts, String(letter.letter.attempts))]
        )
        try await fixture.produce([replay, fixture.event(for: lostKey, eTag: lostETag)])

        let pending = try await fixture.reconciler().reconcile(bucket: fixture.settings.bucket)
        #expect(pending.replayedPending.map(\.key) == [replayed.key])
        #expect(pending.replayedPending.first?.position == letter.position)
        #expect(pending.counts.deadLettered == broken.count - 1)
        #expect(pending.missing.map(\.key) == [lostKey])

        // The worker catches up: the lost object is stored, the replay fails again.
        let caughtUp = try await fixture.runWorker(id: "reconcile-b") { seen in
            seen.stored.contains(lostKey) && (seen.deadLettered[replayed.key] ?? 0) >= 2
        }
        try #require(caughtUp, "the worker should store the lost object and fail the replay again")
        let clean = try await fixture.reconciler().reconcile(bucket: fixture.settings.bucket)
        #expect(clean.missing.isEmpty)
        #expect(!clean.hasMissing)
        #expect(clean.counts.stored == validKeys.count + 1)
        #expect(clean.counts.deadLettered == broken.count)
        #expect(clean.counts.replayedPending == 0)
        #expect(clean.deadLettered.first { $0.key == replayed.key }?.code == replayed.code)

        // A prefix narrows every source alike.
        let lostOnly = try await fixture.reconciler().reconcile(bucket: fixture.settings.bucket, prefix: "lost/")
        #expect(lostOnly.checked == 1 && lostOnly.counts.stored == 1)
        await fixture.aws.shutdown()
    }

    @Test func missingBucketTableOrTopicFailsClearly() async throws {
        let fixture = try ReconcileStackFixture()
        try await fixture.provision(table: false)
        _ = try await fixture.put("a.json", Array("{}".utf8))

        let noBucket = LocalStack.uniqueName("no-such-bucket")
        let bucketError = await #expect(throws: ReconcileError.self) {
            _ = try await fixture.reconciler().reconcile(bucket: noBucket)
        }
        if case let .noSuchBucket(bucket, _) = bucketError {
            #expect(bucket == noBucket)
        } else {
            Issue.record("expected noSuchBucket, got \(String(describing: bucketError))")
        }

        let tableError = await #expect(throws: ReconcileError.self) {
            _ = try await fixture.reconciler().reconcile(bucket: fixture.settings.bucket)
        }
        if case let .noSuchTable(table, _) = tableError {
            #expect(table == fixture.settings.table)
        } else {
            Issue.record("expected noSuchTable, got \(String(describing: tableError))")
        }

        _ = try await fixture.aws.dynamo.createTable(InvoiceTable.definition(named: fixture.settings.table))
        try await fixture.aws.dynamo.waitUntilActive(fixture.settings.table)
        let missingTopic = LocalStack.uniqueName("no-such.dlq")
        await #expect(throws: DeadLetterToolError.unknownTopic(topic: missingTopic, brokers: fixture.cluster.brokers)) {
            _ = try await fixture.reconciler { $0.deadLetterTopic = missingTopic }.reconcile(bucket: fixture.settings.bucket)
        }
        await fixture.aws.shutdown()
    }
}
