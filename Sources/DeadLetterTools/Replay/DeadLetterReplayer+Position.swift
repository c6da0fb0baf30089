import Kafka
import Logging

/// The replay's position: the committed offsets of its own consumer group on the DLQ.
extension DeadLetterReplayer {
    /// The group's position in each partition of `ranges` (low..<high), read without
    /// joining the group: a partition the group never committed starts at its low
    /// watermark, and so does a position below it (records deleted by retention). A
    /// position past the high watermark is kept (see `PartitionRange` for why it can be).
    static func committedStarts(
        groupID: String, topic: String, ranges: [PartitionRange], settings: DeadLetterClusterSettings,
        logger: Logger, consumer existing: KafkaConsumer? = nil
    ) async throws -> [PartitionRange] {
        let consumer = try existing ?? KafkaConsumer(configuration: settings.consumerConfiguration(groupID: groupID), logger: logger)
        let committed: [KafkaTopicPartitionOffset]
        do {
            committed = try await consumer.committed(
                ranges.map { KafkaTopicPartition(topic: topic, partition: $0.partition) }, timeout: settings.metadataTimeout
            )
        } catch {
            if existing == nil { await consumer.close() }
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
        if existing == nil { await consumer.close() }
        return ranges.map { range in
            guard let offset = committed.first(where: { $0.partition == range.partition })?.offset, offset >= 0 else {
                return range
            }
            var started = range
            started.start = max(offset, range.low)
            return started
        }
    }

    /// Joins `groupID` on `topic` and waits until this process holds all `partitionCount`
    /// partitions, so that no other replay of the same group can send the same records.
    /// - Returns: the member, and records it already fetched while joining.
    static func join(
        groupID: String, topic: String, partitionCount: Int, settings: DeadLetterClusterSettings, logger: Logger
    ) async throws -> (KafkaConsumer, [KafkaRecord]) {
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: settings.consumerConfiguration(groupID: groupID), logger: logger)
            try consumer.subscribe(topics: [topic])
        } catch {
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + settings.assignmentTimeout
        var early: [KafkaRecord] = []
        do {
            while clock.now < deadline {
                early += try await consumer.poll(maxMessages: 100, timeout: .milliseconds(200))
                if consumer.assignment.count >= partitionCount { return (consumer, early) }
            }
        } catch {
            await consumer.close()
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
        let held = consumer.assignment.count
        await consumer.close()
        if held > 0 { throw DeadLetterToolError.replayGroupBusy(group: groupID, topic: topic) }
        throw DeadLetterToolError.other("joining replay group '\(groupID)' on '\(topic)' took longer than \(settings.assignmentTimeout)")
    }

    /// Where the replay group `groupID` stands on `topic`: per partition, its position
    /// (`start`) and the high watermark (`end`). Reads only; joins nothing.
    /// - Throws: `DeadLetterToolError`.
    package static func positions(
        groupID: String, topic: String, settings: DeadLetterClusterSettings, logger: Logger
    ) async throws -> [PartitionRange] {
        let ranges = try await DeadLetterReader(topic: topic, settings: settings, logger: logger).ranges()
        return try await committedStarts(groupID: groupID, topic: topic, ranges: ranges, settings: settings, logger: logger)
    }

    /// Moves the replay group `groupID` back to the start (low watermark) of every
    /// partition of `topic`, so that the next replay with it reads the DLQ from the start.
    ///
    /// It joins the group to commit, so it fails with `replayGroupBusy` while a replay
    /// with the same group runs.
    /// - Returns: the new positions.
    @discardableResult
    package static func resetPosition(
        groupID: String, topic: String, settings: DeadLetterClusterSettings, logger: Logger
    ) async throws -> [PartitionRange] {
        let ranges = try await DeadLetterReader(topic: topic, settings: settings, logger: logger).ranges()
        let (consumer, _) = try await join(groupID: groupID, topic: topic, partitionCount: ranges.count, settings: settings, logger: logger)
        do {
            let offsets = ranges.map { KafkaTopicPartitionOffset(topic: topic, partition: $0.partition, offset: $0.start) }
            let committed = try await consumer.commit(offsets)
            guard committed.count == offsets.count else {
                throw DeadLetterToolError.replayGroupBusy(group: groupID, topic: topic)
            }
        } catch {
            await consumer.close()
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
        await consumer.close()
        logger.info("replay position reset", metadata: ["group": "\(groupID)", "topic": "\(topic)"])
        return ranges
    }
}
