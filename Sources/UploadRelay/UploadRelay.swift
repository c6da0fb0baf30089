import AWSClients
import FleetMessaging
import FleetSettings
import Foundation
import Kafka
import Logging
import Retrying
import ServiceLifecycle
import Synchronization

/// Moves S3 event notifications from the uploads queue into `invoice-uploads`.
///
/// Several pollers long-poll the queue concurrently. Each received batch is split into
/// its records, produced (records keyed `bucket/key`; anything that is not an S3
/// notification to the dead-letter topic), and deleted from the queue only once the
/// broker has acknowledged every record of a message. A relay killed at any point
/// therefore loses nothing: what it did not delete returns after the visibility timeout,
/// and is relayed again (workers tolerate the duplicate: their writes are idempotent).
package final class UploadRelay: Service {
    let settings: StackSettings
    let configuration: RelayConfiguration
    let queue: any UploadQueue
    let producer: any RecordSending
    let logger: Logger
    let metrics = RelayMetrics()
    /// What this relay has done so far; read by the health check and tests.
    package let tally = RelayTally()
    private let resolvedQueueURL = Mutex<String?>(nil)

    /// - Parameters:
    ///   - settings: The queue (`settings.queue`) and the topics.
    ///   - queue: The uploads queue (`SQSClient` in production).
    ///   - producer: Give it `configuration.producerDeliveryTimeout`. Its owner shuts it
    ///     down after the relay (`buildRelay` runs it as the service before this one).
    package init(
        settings: StackSettings, configuration: RelayConfiguration, queue: any UploadQueue, producer: any RecordSending,
        logger: Logger
    ) {
        self.settings = settings
        self.configuration = configuration.normalized
        self.queue = queue
        self.producer = producer
        self.logger = logger
    }

    /// Polls until graceful shutdown (or cancellation), then lets the pollers finish
    /// what they received. Transient failures are logged and
    /// retried with backoff; this method does not throw on them.
    package func run() async throws {
        logger.info("relay started", metadata: [
            "relay.id": "\(configuration.relayID)", "queue": "\(settings.queue)", "topic": "\(settings.uploadsTopic)",
            "pollers": "\(configuration.pollers)", "visibility_timeout_s": "\(configuration.visibilityTimeoutSeconds)",
            "librdkafka": "\(KafkaProducer.librdkafkaVersion)",
        ])
        if await waitForQueue() {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.reportPeriodically() }
                await withTaskGroup(of: Void.self) { pollers in
                    for poller in 0 ..< configuration.pollers {
                        pollers.addTask { await self.poll(poller) }
                    }
                }
                // The pollers are done: stop the reporter's sleep.
                group.cancelAll()
            }
        }
        let totals = tally.snapshot
        logger.info("relay stopping", metadata: [
            "received": "\(totals.received)", "relayed": "\(totals.relayed)",
            "dead_lettered": "\(totals.deadLettered)", "test_events": "\(totals.testEvents)",
        ])
    }

    // MARK: - The queue

    /// The queue's URL, looked up once.
    /// - Throws: `AWSError` when SQS cannot be reached or has no such queue.
    package func queueURL() async throws -> String {
        if let url = resolvedQueueURL.withLock({ $0 }) { return url }
        let url = try await queue.getQueueURL(name: settings.queue)
        resolvedQueueURL.withLock { $0 = url }
        return url
    }

    /// Looks the queue up until it succeeds, backing off through outages and a missing
    /// queue (set-up may create it later).
    /// - Returns: `false` if shutdown began first.
    private func waitForQueue() async -> Bool {
        var attempt = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                _ = try await cancelWhenGracefulShutdown { try await self.queueURL() }
                tally.set("receive", problem: nil)
                return true
            } catch {
                attempt += 1
                tally.set("receive", problem: "cannot find queue \(settings.queue): \(error)")
                // Once per streak (the first failure, then every 20th): /health and the
                // metric carry the rest.
                logger.log(level: attempt == 1 || attempt % 20 == 0 ? .error : .debug, "cannot find queue \(settings.queue), retrying", metadata: [
                    "attempt": "\(attempt)", "error": "\(error)",
                ])
                await pause(afterFailure: attempt)
            }
        }
        return false
    }

    // MARK: - Pollers

    /// One poller: receive, relay, delete, until shutdown.
    private func poll(_ poller: Int) async {
        var failures = 0
        var receiveFailures = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let outcome = try await relayCycle(poller: poller)
                if receiveFailures > 0 {
                    logger.info("receiving from \(settings.queue) again", metadata: ["poller": "\(poller)", "failures": "\(receiveFailures)"])
                    receiveFailures = 0
                }
                failures = outcome.abandoned > 0 ? failures + 1 : 0
                if failures > 0 { await pause(afterFailure: failures) }
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                failures += 1
                receiveFailures += 1
                metrics.receiveErrors.increment()
                tally.set("receive", problem: "\(error)")
                // One warning per streak of failures (and every 20th), the recovery at info.
                logger.log(level: receiveFailures == 1 || receiveFailures % 20 == 0 ? .warning : .debug, "cannot receive from \(settings.queue), retrying", metadata: [
                    "poller": "\(poller)", "attempt": "\(receiveFailures)", "error": "\(error)",
                ])
                await pause(afterFailure: failures)
            }
        }
    }

    /// Sleeps the backoff delay of retry `attempt`; returns early on graceful shutdown
    /// or cancellation. The pollers report each failure themselves, so they pause
    /// instead of running their cycle through `RetryPolicy.run`. Jitter from half the
    /// ceiling up: a poller that failed never comes back at once.
    func pause(afterFailure attempt: Int) async {
        let policy = RetryPolicy(backoff: configuration.retryBackoff, jitter: { Double.random(in: 0.5 ..< 1) })
        await policy.pause(beforeRetry: attempt)
    }

    /// Logs one info line per interval in which anything happened.
    private func reportPeriodically() async {
        var last = tally.snapshot
        while true {
            do { try await Task.sleep(for: configuration.reportInterval) } catch { return }
            let now = tally.snapshot
            guard now.differs(from: last) else { continue }
            logger.info("relayed", metadata: [
                "messages": "\(now.received - last.received)", "events": "\(now.relayed - last.relayed)",
                "dead_lettered": "\(now.deadLettered - last.deadLettered)", "test_events": "\(now.testEvents - last.testEvents)",
                "interval_s": "\(configuration.reportInterval.components.seconds)", "total_events": "\(now.relayed)",
            ])
            last = now
        }
    }
}
