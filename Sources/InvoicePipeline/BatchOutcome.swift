import FleetContracts
import Kafka

/// What processing one batch decided for each of its messages. Every message of the
/// batch is in exactly one of the lists (or counted ignored), which is what makes
/// committing it safe.
struct BatchOutcome: Sendable {
    var stored: [StoredInvoice] = []
    var deadLetters: [DeadLetter] = []
    /// Messages needing no work (non-ObjectCreated events).
    var ignored = 0
    /// Events of versions that a newer version of the same object replaced, in S3 or in
    /// the table: nothing to store (the newer version's own event stores it), logged.
    var superseded: [SupersededVersion] = []

    struct SupersededVersion: Sendable {
        var object: String
        var version: String
        /// The newer version's eTag, when the table named it.
        var by: String?
    }

    struct StoredInvoice: Sendable {
        var record: KafkaRecord
        var processed: ProcessedInvoice
    }
}
