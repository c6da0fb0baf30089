import Synchronization

/// Running totals of what the relay did, shared by its pollers, for the periodic log
/// line, the health check and tests.
package final class RelayTally: Sendable {
    /// A snapshot of the totals.
    package struct Counts: Sendable, Equatable {
        /// SQS messages received (a message received twice counts twice).
        package var received = 0
        /// Records produced to `invoice-uploads` and acknowledged by the broker.
        package var relayed = 0
        /// Dead letters produced to the DLQ topic and acknowledged.
        package var deadLettered = 0
        /// `s3:TestEvent` messages dropped.
        package var testEvents = 0
        /// SQS messages deleted after their records were acknowledged.
        package var deleted = 0

        package init() {}

        /// Whether anything happened between `earlier` and this snapshot.
        func differs(from earlier: Counts) -> Bool { self != earlier }
    }

    private let counts = Mutex(Counts())
    /// The current problem per activity (`receive`, `produce`, `delete`); cleared by success.
    private let problems = Mutex([String: String]())

    package init() {}

    package var snapshot: Counts { counts.withLock { $0 } }

    func add(_ change: (inout Counts) -> Void) {
        counts.withLock { change(&$0) }
    }

    /// Records that `activity` is failing (`problem`), or works again (`nil`).
    func set(_ activity: String, problem: String?) {
        problems.withLock { $0[activity] = problem }
    }

    /// Why the relay cannot do its work now, or `nil` when it can.
    package var problem: String? {
        problems.withLock { current in
            current.isEmpty ? nil : current.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        }
    }
}
