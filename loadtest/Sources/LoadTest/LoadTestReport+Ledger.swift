import Foundation

extension LoadTestReport {
    /// The report of a run from what its ledger holds: pure, so that tests can build one
    /// from synthetic ledger data.
    /// - Parameters:
    ///   - runStart: When the uploads started, ms since the epoch (second 0 of the timeline).
    ///   - startedAt: When the run started, for `run.startedAt`.
    init(
        _ state: RunLedger.State, configuration: LoadTestConfiguration, bucket: String,
        runStart: Int64, startedAt: Date, finishedAt: Date = Date(), timedOut: Bool
    ) {
        let reconciliation = Reconciliation(expected: state.expected, uploadFailures: state.uploadFailures, observed: state.observations)
        let firstOutcomes = reconciliation.firstOutcomes.compactMap { key, outcome -> (writtenAt: Int64, latency: Int64?)? in
            guard let written = outcome.timestampMilliseconds else { return nil }
            return (written, state.uploadFinished[key].map { written - $0 })
        }
        let latencies = firstOutcomes.compactMap(\.latency)
        let lastUpload = state.uploadFinished.values.max() ?? runStart
        let lastOutcome = firstOutcomes.map(\.writtenAt).max() ?? lastUpload
        let uploadSeconds = Double(lastUpload - runStart) / 1000
        let outcomeSeconds = Double(lastOutcome - runStart) / 1000
        let matched = { (label: (String) -> Bool) in
            reconciliation.byOutcome.filter { label($0.key) }.values.map(\.matched).reduce(0, +)
        }
        let contested = Reconciliation.contestedLabel
        let formatter = ISO8601DateFormatter()
        self.init(
            run: .init(
                runID: configuration.runID, bucket: bucket, keyPrefix: configuration.keyPrefix,
                seed: configuration.seed, count: configuration.count, brokenShare: configuration.brokenShare,
                conflictShare: configuration.conflictShare,
                concurrency: configuration.concurrency, targetRate: configuration.rate,
                timeoutSeconds: Int(configuration.timeout.components.seconds),
                startedAt: formatter.string(from: startedAt), finishedAt: formatter.string(from: finishedAt), timedOut: timedOut
            ),
            uploads: .init(
                succeeded: state.uploadFinished.count, failed: state.uploadFailures.count, seconds: Self.rounded(uploadSeconds),
                perSecond: Self.rounded(uploadSeconds > 0 ? Double(state.uploadFinished.count) / uploadSeconds : 0)
            ),
            outcomes: .init(
                expected: state.expected.count, accounted: reconciliation.accounted,
                stored: matched { $0 == "stored" }, deadLettered: matched { $0 != "stored" && $0 != contested },
                contested: matched { $0 == contested },
                missing: reconciliation.count(.missing), wrongOutcome: reconciliation.count(.wrongOutcome),
                conflicting: reconciliation.count(.conflicting), unexpected: reconciliation.count(.unexpected),
                duplicates: reconciliation.duplicates, byOutcome: reconciliation.byOutcome,
                secondsAfterLastUpload: Self.rounded(max(0, Double(lastOutcome - lastUpload) / 1000)),
                perSecond: Self.rounded(outcomeSeconds > 0 ? Double(reconciliation.accounted) / outcomeSeconds : 0)
            ),
            latencyMilliseconds: LatencySummary(samples: latencies),
            mismatches: Array(reconciliation.mismatches.prefix(LoadTestReport.mismatchLimit)),
            mismatchCount: reconciliation.mismatches.count,
            passed: reconciliation.passed && !timedOut,
            timeline: Timeline(runStart: runStart, uploadsFinished: Array(state.uploadFinished.values), outcomes: firstOutcomes)
        )
    }

    private static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
