import AWSClients
import Foundation
import Logging
import Retrying

/// Uploads a plan's files with bounded concurrency at the pacer's rate, recording in the
/// ledger when each upload finished.
struct Uploader: Sendable {
    let s3: S3Client
    let bucket: String
    let plan: UploadPlan
    let concurrency: Int
    let pacer: UploadPacer
    let attempts: Int
    let ledger: RunLedger
    let logger: Logger

    private static let retryBackoff = Backoff(base: .milliseconds(100), cap: .seconds(5))

    /// Uploads every file; failures are recorded in the ledger, never thrown.
    func uploadAll() async {
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                guard next < plan.count else { return }
                let index = next
                next += 1
                group.addTask { await upload(index, notBefore: start + pacer.offset(of: index)) }
            }
            for _ in 0 ..< max(1, concurrency) { startNext() }
            while await group.next() != nil {
                startNext()
            }
        }
        ledger.finishUploads()
    }

    private func upload(_ index: Int, notBefore: ContinuousClock.Instant) async {
        if ContinuousClock.now < notBefore { try? await Task.sleep(until: notBefore) }
        let file = plan.upload(at: index)
        ledger.planned(file.key, file.expected)
        let policy = RetryPolicy(budget: attempts, backoff: Self.retryBackoff)
        var tries = 0
        do {
            try await policy.run(
                "upload of \(file.key)", logger: logger, isTransient: { ($0 as? AWSError)?.isRetryable ?? false }
            ) {
                tries += 1
                try await s3.putObject(bucket: bucket, key: file.key, bytes: file.body, contentType: "application/json")
            }
            ledger.uploaded(file.key, atMilliseconds: Self.nowMilliseconds())
        } catch {
            // The ledger keeps the S3 error itself; the log says how long it was tried.
            let cause = (error as? RetryError)?.lastError ?? error
            logger.error("upload failed", metadata: [
                "key": "\(file.key)", "attempts": "\(tries)", "error": "\(cause)",
            ])
            ledger.uploadFailed(file.key, error: "\(cause)")
        }
    }

    /// Wall-clock time, comparable with Kafka record timestamps.
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
