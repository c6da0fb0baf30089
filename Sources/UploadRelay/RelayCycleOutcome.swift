/// What one receive-produce-delete cycle of the relay did.
package struct RelayCycleOutcome: Sendable, Equatable {
    /// SQS messages received.
    package var received = 0
    /// Records acknowledged on `invoice-uploads`.
    package var relayed = 0
    /// Dead letters acknowledged on the DLQ topic.
    package var deadLettered = 0
    /// `s3:TestEvent` messages dropped.
    package var testEvents = 0
    /// SQS messages deleted.
    package var deleted = 0
    /// Messages left in the queue because some of their records could not be produced
    /// in time (or deletion was disabled): they return after the visibility timeout.
    package var abandoned = 0

    package init() {}
}
