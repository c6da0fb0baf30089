import Kafka
import Logging

/// Republishes the original values of selected dead letters: the library side of `dlq replay`.
///
/// Restartable without sending twice: its position on the DLQ is the committed offsets
/// of a consumer group of its own, committed only after the broker acknowledged the
/// republished messages, and the next run starts there. Records the selection passes
/// over also move the position, so a different selection needs a different group.
/// It reads the DLQ and commits offsets of its own group; it never writes to the DLQ.
package struct DeadLetterReplayer: Sendable {
    package let configuration: DeadLetterReplayConfiguration
    package let settings: DeadLetterClusterSettings
    let logger: Logger

    package init(configuration: DeadLetterReplayConfiguration, settings: DeadLetterClusterSettings, logger: Logger) {
        self.configuration = configuration
        self.settings = settings
        self.logger = logger
    }

    /// Replays (or, in a dry run, plans) from the group's position to the high watermark
    /// captured at the start, or until `maxRecords` are sent.
    /// - Parameter progress: called after each chunk the broker acknowledged.
    /// - Throws: `DeadLetterToolError`; what was acknowledged before the error is committed.
    package func run(progress: @Sendable (ReplayProgress) -> Void = { _ in }) async throws -> DeadLetterReplayReport {
        let topic = configuration.deadLetterTopic
        let reader = DeadLetterReader(topic: topic, settings: settings, logger: logger)
        let ranges = try await reader.ranges()
        try await checkTargetTopic()
        if configuration.dryRun {
            let starts = configuration.fromBeginning ? ranges : try await Self.committedStarts(
                groupID: configuration.groupID, topic: topic, ranges: ranges, settings: settings, logger: logger
            )
            return try await plan(from: starts, reader: reader)
        }
        if configuration.fromBeginning {
            try await Self.resetPosition(groupID: configuration.groupID, topic: topic, settings: settings, logger: logger)
        }
        var report = try await replay(ranges: ranges, progress: progress)
        // Counted after leaving the group, so that a long count cannot outlast the
        // group's poll interval.
        report.alreadyReplayed = try await countSelected(before: report.startPositions, reader: reader)
        logger.info("replay finished", metadata: [
            "group": "\(configuration.groupID)", "sent": "\(report.sent)", "selected": "\(report.selected)",
            "refused": "\(report.refusedForAttempts)", "alreadyReplayed": "\(report.alreadyReplayed)",
        ])
        return report
    }

    /// Fails clearly, before anything is read, when the target topic is missing: the
    /// producer would otherwise wait out its delivery timeout, or have the broker create it.
    /// A consumer asks, because a producer's metadata request lets the broker auto-create
    /// the topic it names.
    private func checkTargetTopic() async throws {
        _ = try await DeadLetterReader(topic: configuration.targetTopic, settings: settings, logger: logger).ranges()
    }

    /// Dead letters the selection keeps before `starts`: what earlier runs already handled.
    func countSelected(before starts: [PartitionRange], reader: DeadLetterReader) async throws -> Int {
        let ranges = try await reader.ranges()
        let earlier = ranges.compactMap { range -> PartitionRange? in
            guard let start = starts.first(where: { $0.partition == range.partition })?.start else { return nil }
            return range.exact(from: range.low, to: start)
        }
        var count = 0
        try await reader.scan(earlier) { records in
            count += records.filter { ReplayDecision.decide($0, configuration: configuration).isSelected }.count
        }
        return count
    }
}
