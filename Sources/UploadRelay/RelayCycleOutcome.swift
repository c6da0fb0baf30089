/// What one receive-produce-delete cycle of the relay did.
public struct RelayCycleOutcome: Sendable, Equatable {
    /// SQS messages received.
    public var received = 0
    /// Records acknowledged on `invoice-uploads`.
    public var relayed = 0
    /// Dead letters acknowledged on the DLQ topic.
    public var deadLettered = 0
    /// `s3:TestEvent` messages dropped.
    public var testEvents = 0
    /// SQS messages deleted.
    public var deleted = 0
    /// Messages left in the queue because some of their records could not be produced
    /// in time (or deletion was disabled): they return after the visibility timeout.
    public var abandoned = 0

    public init() {}
}
