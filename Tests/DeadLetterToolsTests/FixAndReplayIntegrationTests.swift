import DeadLetterTools
import FleetContracts
import FleetTestSupport
import Foundation
import InvoiceGenerator
import Testing

/// The operator's whole loop on a real worker run: dead letters of several codes, then
/// inspect, export, fix the objects of one code in S3, replay that code: the replays name
/// the broken versions, which are gone, so they are skipped as superseded (never stored,
/// never dead-lettered again), and the fixed versions' own events bring exactly those
/// invoices into the table.
@Suite(.enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"), .timeLimit(.minutes(5)))
struct FixAndReplayIntegrationTests {
    @Test func replayOfOneFixedCodeStoresExactlyThoseInvoices() async throws {
        let fixture = try ReconcileStackFixture()
        try await fixture.provision()
        let files = fixture.files(count: 40, brokenShare: 0.5)
        var validKeys: Set<String> = []
        var brokenByCode: [String: [GeneratedFile]] = [:]
        for file in files {
            switch file.expected {
            case .stored: validKeys.insert(file.key)
            case let .deadLettered(code): brokenByCode[code.rawValue, default: []].append(file)
            case .contested: Issue.record("no conflicts are generated here")
            }
        }
        let brokenKeys = Set(brokenByCode.values.joined().map(\.key))
        try #require(brokenByCode.count >= 5, "the generator should give several codes")

        var eTags: [String: String] = [:]
        for file in files { eTags[file.key] = try await fixture.put(file.key, file.body) }
        try await fixture.produce(files.map { fixture.event(for: $0.key, eTag: eTags[$0.key] ?? "") })
        let settled = try await fixture.runWorker(id: "fix-a") { seen in
            seen.stored.isSuperset(of: validKeys) && Set(seen.deadLettered.keys).isSuperset(of: brokenKeys)
        }
        try #require(settled, "the worker should store or dead-letter every file")

        // inspect counts what the worker dead-lettered, code by code.
        let reader = DeadLetterReader(topic: fixture.settings.deadLetterTopic, settings: fixture.cluster, logger: fixture.logger)
        let summary = try await DeadLetterInspector(reader: reader).summarize(.all)
        #expect(summary.matched == brokenKeys.count)
        #expect(summary.byCode == brokenByCode.mapValues(\.count))

        // export writes every one of them.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(LocalStack.uniqueName("export")).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let exported = try await DeadLetterExporter(reader: reader).export(.all, to: try JSONLinesFile(path: path))
        #expect(exported.written == brokenKeys.count)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == brokenKeys.count)

        // Fix the objects of one code: the generator's valid file at the same index has
        // the same key. Uploads make no events here (no notification): the test sends
        // them below, as S3 would.
        let (code, fixable) = try #require(brokenByCode.max { $0.value.count < $1.value.count })
        let valid = InvoiceGenerator(seed: 7, configuration: .init(now: Date(), brokenShare: 0))
        var fixedAccessKeys: Set<String> = []
        var fixedETags: [String: String] = [:]
        for file in fixable {
            let fixed = valid.file(at: file.index)
            try #require(fixed.key == file.key)
            guard case let .stored(accessKey) = fixed.expected else { Issue.record("not valid"); return }
            fixedAccessKeys.insert(accessKey)
            fixedETags[fixed.key] = try await fixture.put(fixed.key, fixed.body)
        }

        let selection = DeadLetterSelection(codes: [code])
        let replay = try await DeadLetterReplayer(
            configuration: DeadLetterReplayConfiguration(
                deadLetterTopic: fixture.settings.deadLetterTopic, targetTopic: fixture.settings.uploadsTopic,
                groupID: DeadLetterReplayConfiguration.groupID(named: LocalStack.uniqueName("fix"), selection: selection),
                selection: selection
            ),
            settings: fixture.cluster, logger: fixture.logger
        ).run()
        #expect(replay.sent == fixable.count)

        let fixedKeys = Set(fixable.map(\.key))
        try await fixture.produce(fixable.map { fixture.event(for: $0.key, eTag: fixedETags[$0.key] ?? "") })
        let stored = try await fixture.runWorker(id: "fix-b") { seen in seen.stored.isSuperset(of: validKeys.union(fixedKeys)) }
        #expect(stored, "the fixed invoices should be stored")
        let after = try await DeadLetterInspector(reader: reader).summarize(.all)
        #expect(after.matched == brokenKeys.count, "the replays of the replaced versions were not dead-lettered again")

        // Exactly the valid invoices and the fixed ones are in the table.
        let items = try await fixture.aws.dynamo.scanAll(table: fixture.settings.table, consistentRead: true)
        let storedKeys = Set(items.compactMap { $0["sourceKey"]?.stringValue })
        #expect(storedKeys == validKeys.union(fixedKeys))
        #expect(fixedAccessKeys.isSubset(of: Set(items.compactMap { $0["pk"]?.stringValue })))

        let account = try await fixture.reconciler().reconcile(bucket: fixture.settings.bucket)
        #expect(account.counts.stored == validKeys.count + fixable.count)
        #expect(account.counts.deadLettered == brokenKeys.count - fixable.count)
        #expect(account.counts.missing == 0)
        await fixture.aws.shutdown()
    }
}
