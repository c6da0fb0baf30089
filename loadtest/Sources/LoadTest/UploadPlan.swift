import Foundation
import InvoiceGenerator

/// The files of a run, derived on demand from the generator: file `i` is always the same
/// for the same seed, so nothing needs to be held in memory before it is uploaded.
package struct UploadPlan: Sendable {
    package let generator: InvoiceGenerator
    package let count: Int
    package let keyPrefix: String

    package init(configuration: LoadTestConfiguration, now: Date = Date()) {
        generator = InvoiceGenerator(
            seed: configuration.seed,
            configuration: .init(
                now: now, brokenShare: configuration.brokenShare, conflictShare: configuration.conflictShare,
                accessKeySalt: Self.salt(of: configuration.runID)
            )
        )
        count = configuration.count
        keyPrefix = configuration.keyPrefix
    }

    /// A stable 64-bit FNV-1a hash of the run id: each run gets access keys of its own
    /// (the identity rule would dead-letter a second run's keys as conflicts with the
    /// first's), while the seed alone still decides customers, amounts and breakages.
    static func salt(of runID: String) -> UInt64 {
        runID.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    /// The file at `index`, its key under the run's prefix.
    package func upload(at index: Int) -> PlannedUpload {
        let file = generator.file(at: index)
        return PlannedUpload(key: keyPrefix + file.key, body: file.body, expected: file.expected)
    }

    /// What the fleet must do with every file of the run, by object key.
    package func expectations() -> [String: ExpectedOutcome] {
        var result: [String: ExpectedOutcome] = [:]
        result.reserveCapacity(count)
        for index in 0 ..< count {
            let upload = upload(at: index)
            result[upload.key] = upload.expected
        }
        return result
    }
}

/// One object to upload and what must become of it.
package struct PlannedUpload: Sendable, Equatable {
    /// The full object key (run prefix included), raw.
    package var key: String
    package var body: [UInt8]
    package var expected: ExpectedOutcome
}
