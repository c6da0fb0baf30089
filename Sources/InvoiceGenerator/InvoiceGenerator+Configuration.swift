import struct Foundation.Date
import InvoiceDomain

extension InvoiceGenerator {
    /// What to generate, and the validator limits the files are generated against.
    package struct Configuration: Sendable {
        /// The reference time: valid invoices are issued up to 30 days before it, and
        /// "future" ones at least two days after it, so that expectations hold for the
        /// whole of a long run.
        package var now: Date
        /// The share of files that break a rule, 0…1. Default: 0.05.
        package var brokenShare: Double
        /// The share of files that are a second object claiming the access key of the file
        /// before them, with different content (a corrected copy uploaded under another
        /// name), 0…0.5. Both files of such a pair are `contested`. Default: 0.
        package var conflictShare: Double
        /// The limits the fleet validates with: broken files exceed exactly these.
        /// Default: the validator's defaults.
        package var validation: InvoiceValidator.Configuration
        /// Mixed into the access keys' random code (cNF) only: two runs of one seed with
        /// different salts have the same customers, amounts and breakages but their own
        /// access keys, so that a second run against the same table is not a run of
        /// conflicts with the first. Default: 0.
        package var accessKeySalt: UInt64

        package init(
            now: Date, brokenShare: Double = 0.05, conflictShare: Double = 0,
            validation: InvoiceValidator.Configuration = InvoiceValidator.Configuration(), accessKeySalt: UInt64 = 0
        ) {
            self.now = now
            self.brokenShare = brokenShare
            self.conflictShare = conflictShare
            self.validation = validation
            self.accessKeySalt = accessKeySalt
        }
    }
}
