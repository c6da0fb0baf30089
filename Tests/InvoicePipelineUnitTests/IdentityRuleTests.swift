import AWSClients
import FleetContracts
@testable import InvoicePipeline
import Logging
import Retrying
import Foundation
import Testing

/// The identity rule, alone and through the writer on an in-memory table.
struct IdentityRuleTests {
    static func identity(_ object: String, hash: String, version: String? = "v1", key: String = "K") -> InvoiceIdentity {
        InvoiceIdentity(accessKey: key, contentHash: hash, source: InvoiceSource(bucket: "b", key: object, eTag: "e-\(hash)"), version: version)
    }

    @Test func theRuleCoversEveryCase() {
        let mine = Self.identity("a.json", hash: "h1", version: "v2")
        #expect(IdentityRule.judge(mine, stored: nil, overwriteApproved: false) == .write)
        let same = Self.identity("other.json", hash: "h1")
        #expect(IdentityRule.judge(mine, stored: same, overwriteApproved: false) == .duplicate(of: same))
        let older = Self.identity("a.json", hash: "h0", version: "v1")
        #expect(IdentityRule.judge(mine, stored: older, overwriteApproved: false) == .write)
        let legacy = Self.identity("a.json", hash: "h0", version: nil)
        #expect(IdentityRule.judge(mine, stored: legacy, overwriteApproved: false) == .write)
        let newer = Self.identity("a.json", hash: "h3", version: "v3")
        #expect(IdentityRule.judge(mine, stored: newer, overwriteApproved: false) == .superseded(by: newer))
        #expect(IdentityRule.judge(mine, stored: newer, overwriteApproved: true) == .superseded(by: newer))
        let sameVersion = Self.identity("a.json", hash: "h9", version: "v2")
        #expect(IdentityRule.judge(mine, stored: sameVersion, overwriteApproved: false) == .superseded(by: sameVersion))
        let other = Self.identity("b.json", hash: "h5")
        #expect(IdentityRule.judge(mine, stored: other, overwriteApproved: false) == .conflict(with: other))
        #expect(IdentityRule.judge(mine, stored: other, overwriteApproved: true) == .overwrite(other))
        #expect(IdentityRule.condition(for: .overwrite(other), candidate: mine) == .contentHash("h5"))
        #expect(IdentityRule.condition(for: .write, candidate: mine) == .absentOrOlderVersion(bucket: "b", key: "a.json", version: "v2"))
        #expect(IdentityRule.condition(for: .conflict(with: other), candidate: mine) == nil)
    }

    @Test func sequencersOrderVersionsWhateverTheirLength() {
        func version(_ sequencer: String?, _ time: String) -> String {
            let json = #"{"eventName":"ObjectCreated:Put","eventTime":"\#(time)","s3":{"bucket":{"name":"b"},"object":{"key":"k"\#(sequencer.map { #","sequencer":"\#($0)""# } ?? "")}}}"#
            return (try? JSONDecoder().decode(S3EventRecord.self, from: Data(json.utf8)))?.sourceVersion ?? ""
        }
        #expect(version("FF", "2026-01-01T00:00:00.000Z") < version("100", "2026-01-01T00:00:00.000Z"))
        #expect(version("0055B8", "2026-01-02T00:00:00.000Z") < version("0055B9", "2026-01-01T00:00:00.000Z"))
        // moto's sequencer is a constant: the event time decides.
        #expect(version("617f08299329d189", "2026-01-01T00:00:00.001Z") < version("617f08299329d189", "2026-01-01T00:00:00.002Z"))
    }

    // MARK: - The writer

    static func writer(_ store: FakeIdentityStore) -> IdentityWriter {
        IdentityWriter(
            store: store, retryPolicy: RetryPolicy(budget: 3, backoff: .init(base: .milliseconds(1), cap: .milliseconds(2))),
            concurrency: 4, logger: Logger(label: "unit") { _ in SwiftLogNoOpLogHandler() })
    }

    static func request(_ identity: InvoiceIdentity, approved: Bool = false) -> IdentityWriter.Request {
        var item = InvoiceTable.key(accessKey: identity.accessKey)
        item[InvoiceTable.Attribute.contentHash] = .string(identity.contentHash)
        item[InvoiceTable.Attribute.sourceBucket] = .string(identity.source.bucket)
        item[InvoiceTable.Attribute.sourceKey] = .string(identity.source.key)
        item[InvoiceTable.Attribute.sourceETag] = .string(identity.source.eTag)
        if let version = identity.version { item[InvoiceTable.Attribute.sourceVersion] = .string(version) }
        return IdentityWriter.Request(item: item, identity: identity, overwriteApproved: approved)
    }

    @Test func anotherWriterTakingTheKeyBetweenReadAndWriteMakesThisOneAConflict() async throws {
        let store = FakeIdentityStore()
        let rival = Self.request(Self.identity("rival.json", hash: "hr")).item
        await store.setInterloper { _ in rival }
        let results = try await Self.writer(store).write([Self.request(Self.identity("a.json", hash: "ha"))])
        #expect(results == [.conflict(with: Self.identity("rival.json", hash: "hr"))])
        #expect(await store.items["K"]?[InvoiceTable.Attribute.sourceKey]?.stringValue == "rival.json")
    }

    @Test func versionsOfOneObjectInOneBatchEndWithTheLast() async throws {
        let store = FakeIdentityStore()
        let versions = (1 ... 3).map { Self.request(Self.identity("a.json", hash: "h\($0)", version: "v\($0)")) }
        let results = try await Self.writer(store).write(versions)
        #expect(results == [.stored, .stored, .stored])
        #expect(await store.items["K"]?[InvoiceTable.Attribute.contentHash]?.stringValue == "h3")
        // An old version arriving late (a replay, a rebalance) changes nothing.
        let late = try await Self.writer(store).write([versions[0]])
        #expect(late == [.superseded(by: Self.identity("a.json", hash: "h3", version: "v3"))])
        #expect(await store.items["K"]?[InvoiceTable.Attribute.contentHash]?.stringValue == "h3")
    }

    @Test func roundsSeparateCopiesOfAKeyInBatchOrder() {
        let requests = ["K", "L", "K", "K", "M", "L"].enumerated().map { index, key in
            Self.request(Self.identity("o\(index)", hash: "h", key: key))
        }
        #expect(IdentityWriter.rounds(requests) == [[0, 1, 4], [2, 5], [3]])
    }
}
