import CRdKafka
import Foundation
import Synchronization

/// Serves a client's callbacks (delivery reports, errors, logs) on a thread of its own,
/// because `rd_kafka_poll` blocks and must not occupy Swift's cooperative pool.
final class KafkaPollThread: Sendable {
    private let running = Atomic<Bool>(true)
    private let stopped = DispatchSemaphore(value: 0)

    init(name: String, handle: KafkaClientHandle) {
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                rd_kafka_poll(handle.pointer, 100)
            }
            // Serve what arrived during shutdown's flush.
            rd_kafka_poll(handle.pointer, 0)
            stopped.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops polling and waits for the thread to finish its last poll.
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        stopped.wait()
    }
}

/// Runs blocking librdkafka calls on Dispatch's threads, off the cooperative pool.
enum KafkaBlocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}
