import FleetContracts
import Kafka

/// What processing one batch decided for each of its messages. Every message of the
/// batch is in exactly one of the three lists, which is what makes committing it safe.
struct BatchOutcome: Sendable {
    var stored: [StoredInvoice] = []
    var deadLetters: [DeadLetter] = []
    /// Messages needing no work (non-ObjectCreated events).
    var ignored = 0

    struct StoredInvoice: Sendable {
        var record: KafkaRecord
        var processed: ProcessedInvoice
    }
}
