import Foundation
import InvoiceDomain
import InvoiceGenerator
@testable import LoadTest

/// A run made up in memory and fed through a real `RunLedger`: uploads at a steady rate
/// after a short ramp, outcomes with a log-normal latency around 1.2 s, a slow patch in
/// the middle and a thin tail; every 20th file broken, every 100th pair contested.
struct SyntheticRun {
    var count = 3000
    var seconds = 60.0
    /// Objects whose outcome never arrives, and ones dead-lettered with another code.
    var missing = 0
    var wrongCode = 0
    var runID = "synthetic-20261202-120000-7a3f"
    var seed: UInt64 = 7

    static let start: Int64 = 1_796_212_800_000 // 2026-12-02T12:00:00Z

    var report: LoadTestReport {
        var random = SplitMix64(seed: seed)
        let ledger = RunLedger(total: count)
        var observations: [ObservedOutcome] = []
        let codes = InvoiceErrorCode.allCases
        for index in 0 ..< count {
            let key = "loadtest/\(runID)/2026/11/\(String(format: "%02d", index % 28 + 1))/\(String(format: "%06d", index)).json"
            let expected: ExpectedOutcome = index % 100 == 98 || index % 100 == 99
                ? .contested(accessKey: "K\(index / 100)")
                : index % 20 == 7 ? .deadLettered(code: codes[index / 20 % codes.count]) : .stored(accessKey: "A\(index)")
            ledger.planned(key, expected)
            // A 5-second ramp up to the steady rate, then even spacing with some jitter.
            let progress = Double(index) / Double(count)
            let ramp = min(1, progress * seconds / 5)
            let uploaded = Self.start + Int64((progress * seconds * 1000 + 400 * (1 - ramp) + random.uniform() * 30).rounded())
            ledger.uploaded(key, atMilliseconds: uploaded)
            if index < missing { continue }
            let second = Double(uploaded - Self.start) / 1000
            let slow = second > 26 && second < 33 ? 1.9 : 1
            let tail = random.uniform() < 0.01 ? 2.6 : 1
            let latency = Int64((exp(log(1200) + 0.22 * random.normal()) * slow * tail).rounded())
            observations.append(ObservedOutcome(key: key, result: result(expected, index: index), timestampMilliseconds: uploaded + latency))
        }
        ledger.observe(observations)
        ledger.finishUploads()
        var configuration = LoadTestConfiguration()
        configuration.count = count
        configuration.seed = seed
        configuration.rate = count > 0 ? Double(count) / seconds : nil
        configuration.runID = runID
        return LoadTestReport(
            ledger.snapshot, configuration: configuration, bucket: "invoices", runStart: Self.start,
            startedAt: Date(timeIntervalSince1970: Double(Self.start) / 1000 - 1.2),
            finishedAt: Date(timeIntervalSince1970: Double(Self.start) / 1000 + seconds + 4), timedOut: false
        )
    }

    /// What the fleet made of file `index`: as expected unless it is one of the wrong ones.
    private func result(_ expected: ExpectedOutcome, index: Int) -> ObservedOutcome.Result {
        if index >= missing, index < missing + wrongCode { return .deadLettered(code: "s3_unavailable", stage: "fetch") }
        switch expected {
        case let .stored(accessKey): return .stored(accessKey: accessKey)
        case let .deadLettered(code): return .deadLettered(code: code.rawValue, stage: "validate")
        case let .contested(accessKey):
            return index % 2 == 0 ? .stored(accessKey: accessKey) : .deadLettered(code: "access_key_conflict", stage: "write")
        }
    }
}

/// A small deterministic generator, so that the synthetic run is the same every time.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal, by Box–Muller.
    mutating func normal() -> Double { sqrt(-2 * log(1 - uniform())) * cos(2 * .pi * uniform()) }
}
