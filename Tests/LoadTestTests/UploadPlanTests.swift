import Foundation
import InvoiceGenerator
import LoadTest
import Testing

/// The generator-driven bookkeeping of a run.
struct UploadPlanTests {
    func plan(count: Int, share: Double = 0.05, seed: UInt64 = 42, runID: String = "r1") -> UploadPlan {
        var configuration = LoadTestConfiguration()
        configuration.count = count
        configuration.brokenShare = share
        configuration.seed = seed
        configuration.runID = runID
        return UploadPlan(configuration: configuration, now: Date(timeIntervalSince1970: 1_790_000_000))
    }

    @Test func expectsTheConfiguredShareOfBrokenFilesUnderTheRunsPrefix() {
        let expectations = plan(count: 1000).expectations()
        #expect(expectations.count == 1000, "keys are unique")
        #expect(expectations.keys.allSatisfy { $0.hasPrefix("loadtest/r1/") })
        let broken = expectations.values.filter { if case .deadLettered = $0 { true } else { false } }
        #expect(broken.count == 50)
        let accessKeys = expectations.values.compactMap { if case let .stored(key) = $0 { key } else { nil } }
        #expect(Set(accessKeys).count == accessKeys.count, "stored files never share an access key")
        // 1% of the files claim the key of the file before them: 10 pairs, contested.
        let contested = expectations.values.compactMap { if case let .contested(key) = $0 { key } else { nil } }
        #expect(contested.count == 20 && Set(contested).count == 10)
        #expect(accessKeys.count + contested.count == 950)
    }

    @Test func isDeterministicBySeedAndDistinctByRun() {
        #expect(plan(count: 5).upload(at: 3) == plan(count: 5).upload(at: 3))
        #expect(plan(count: 5, seed: 43).upload(at: 3).body != plan(count: 5).upload(at: 3).body)
        // Another run of the seed: its own prefix and its own access keys (a second run
        // against the same table must not conflict with the first), the same customers.
        let first = plan(count: 200), second = plan(count: 200, runID: "r2")
        let firstKeys = Set(first.expectations().values.compactMap { if case let .stored(key) = $0 { key } else { nil } })
        let secondKeys = Set(second.expectations().values.compactMap { if case let .stored(key) = $0 { key } else { nil } })
        #expect(!firstKeys.isEmpty && firstKeys.isDisjoint(with: secondKeys))
        #expect(second.upload(at: 3).key.hasPrefix("loadtest/r2/"))
        func customer(_ upload: PlannedUpload) -> String? {
            let text = String(decoding: upload.body, as: UTF8.self)
            return text.range(of: #""document"\s*:\s*"[0-9]+""#, options: .regularExpression).map { String(text[$0]) }
        }
        #expect(customer(first.upload(at: 3)) != nil)
        #expect(customer(first.upload(at: 3)) == customer(second.upload(at: 3)))
    }

    @Test func pacesUploadsToTheTargetRate() {
        let pacer = UploadPacer(rate: 50)
        #expect(pacer.offset(of: 0) == .zero)
        #expect(pacer.offset(of: 50) == .seconds(1))
        #expect(pacer.offset(of: 125) == .milliseconds(2500))
        #expect(UploadPacer(rate: nil).offset(of: 1000) == .zero)
        #expect(UploadPacer(rate: 0).offset(of: 1000) == .zero, "0 means unlimited")
    }

    @Test func runIDsSortByTime() {
        let earlier = LoadTestConfiguration.makeRunID(now: Date(timeIntervalSince1970: 1_790_000_000))
        let later = LoadTestConfiguration.makeRunID(now: Date(timeIntervalSince1970: 1_790_000_100))
        #expect(earlier.hasPrefix("20260921-"))
        #expect(earlier < later)
    }
}
