import Kafka
import Logging

extension DeadLetterReplayer {
    /// The real replay: join the group, read from its position, send, commit, repeat.
    func replay(ranges: [PartitionRange], progress: @Sendable (ReplayProgress) -> Void) async throws -> DeadLetterReplayReport {
        let topic = configuration.deadLetterTopic
        var report = DeadLetterReplayReport(configuration: configuration)
        let (consumer, early) = try await Self.join(
            groupID: configuration.groupID, topic: topic, partitionCount: ranges.count, settings: settings, logger: logger
        )
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: settings.producerConfiguration(), logger: logger)
        } catch {
            await consumer.close()
            throw DeadLetterToolError.from(error, topic: configuration.targetTopic, brokers: settings.brokers)
        }
        do {
            let starts = try await Self.committedStarts(
                groupID: configuration.groupID, topic: topic, ranges: ranges, settings: settings, logger: logger, consumer: consumer
            )
            report.startPositions = starts
            report.endPositions = Dictionary(uniqueKeysWithValues: starts.map { ($0.partition, $0.start) })
            var run = ReplayRun(pacer: ReplayPacer(rate: configuration.rate), total: starts.reduce(0) { $0 + $1.count })
            let pending = starts.filter(\.needsReading)
            var completed = true
            if !pending.isEmpty {
                completed = try await DeadLetterReader.pump(
                    consumer, ranges: pending, topic: topic, settings: settings, initial: early
                ) { records in
                    try await handle(records, run: &run, report: &report, consumer: consumer, producer: producer, progress: progress)
                }
            }
            report.reachedEnd = completed
        } catch {
            await consumer.close()
            await producer.shutdown(timeout: settings.deliveryTimeout)
            throw DeadLetterToolError.from(error, topic: topic, brokers: settings.brokers)
        }
        await consumer.close()
        await producer.shutdown(timeout: settings.deliveryTimeout)
        return report
    }

    /// Handles one polled batch in chunks; returns `false` once `maxRecords` are sent.
    private func handle(
        _ records: [KafkaRecord], run: inout ReplayRun, report: inout DeadLetterReplayReport,
        consumer: KafkaConsumer, producer: KafkaProducer, progress: @Sendable (ReplayProgress) -> Void
    ) async throws -> Bool {
        var chunk = ReplayChunk()
        for record in records {
            if let limit = configuration.maxRecords, report.sent + chunk.messages.count >= limit {
                try await flush(&chunk, run: &run, report: &report, consumer: consumer, producer: producer, progress: progress)
                return false
            }
            report.scanned += 1
            switch ReplayDecision.decide(record, configuration: configuration) {
            case let .send(message):
                report.selected += 1
                chunk.add(record, sending: message)
            case .tooManyAttempts:
                report.selected += 1
                report.refusedForAttempts += 1
                chunk.add(record, sending: nil)
            case .notSelected:
                chunk.add(record, sending: nil)
            case .unreadable:
                report.unreadable += 1
                chunk.add(record, sending: nil)
            }
            if chunk.messages.count >= run.pacer.chunkSize {
                try await flush(&chunk, run: &run, report: &report, consumer: consumer, producer: producer, progress: progress)
            }
        }
        try await flush(&chunk, run: &run, report: &report, consumer: consumer, producer: producer, progress: progress)
        if let limit = configuration.maxRecords, report.sent >= limit { return false }
        return true
    }

    /// Sends the chunk's messages (paced), waits for the broker, then commits the position
    /// past what was acknowledged and passed over — and only that.
    private func flush(
        _ chunk: inout ReplayChunk, run: inout ReplayRun, report: inout DeadLetterReplayReport,
        consumer: KafkaConsumer, producer: KafkaProducer, progress: @Sendable (ReplayProgress) -> Void
    ) async throws {
        guard !chunk.isEmpty else { return }
        var results: [Result<KafkaDeliveryReport, KafkaError>] = []
        if !chunk.messages.isEmpty {
            let wait = run.pacer.delay(sent: report.sent, elapsed: run.clock.now - run.started)
            if wait > .zero { try await Task.sleep(for: wait) }
            results = try await producer.send(chunk.messages)
        }
        let topic = configuration.deadLetterTopic
        let acknowledged = results.map { (try? $0.get()) != nil }
        let positions = chunk.positions(acknowledged: acknowledged)
        let offsets = positions.sorted { $0.key < $1.key }.map { KafkaTopicPartitionOffset(topic: topic, partition: $0.key, offset: $0.value) }
        report.sent += acknowledged.filter { $0 }.count
        if !offsets.isEmpty {
            let committed = try await consumer.commit(offsets)
            guard committed.count == offsets.count else {
                throw DeadLetterToolError.replayGroupBusy(group: configuration.groupID, topic: topic)
            }
            for offset in committed { report.endPositions[offset.partition] = offset.offset }
        }
        logger.debug("replay chunk", metadata: ["sent": "\(results.count)", "positions": "\(offsets.map(\.description).joined(separator: ","))"])
        chunk = ReplayChunk()
        var snapshot = ReplayProgress()
        snapshot.scanned = Int64(report.scanned)
        snapshot.total = run.total
        snapshot.selected = report.selected
        snapshot.sent = report.sent
        snapshot.refused = report.refusedForAttempts
        progress(snapshot)
        if let failure = results.lazy.compactMap({ result -> KafkaError? in
            if case let .failure(error) = result { return error }
            return nil
        }).first {
            throw DeadLetterToolError.deliveryFailed(detail: failure.description)
        }
    }

    /// A dry run: what a replay from `starts` would send or refuse; sends and commits nothing.
    func plan(from starts: [PartitionRange], reader: DeadLetterReader) async throws -> DeadLetterReplayReport {
        var report = DeadLetterReplayReport(configuration: configuration)
        report.startPositions = starts
        report.endPositions = Dictionary(uniqueKeysWithValues: starts.map { ($0.partition, $0.start) })
        var wouldSend = 0
        try await reader.scan(starts) { records in
            for record in records {
                if let limit = configuration.maxRecords, wouldSend >= limit { return }
                report.scanned += 1
                let decision = ReplayDecision.decide(record, configuration: configuration)
                if case .unreadable = decision { report.unreadable += 1 }
                guard decision.isSelected, let entry = DeadLetterEntry(record: record) else { continue }
                report.selected += 1
                if case .tooManyAttempts = decision {
                    report.refusedForAttempts += 1
                    report.plan.append(.init(sample: DeadLetterSample(entry), action: "refuse"))
                } else {
                    wouldSend += 1
                    report.plan.append(.init(sample: DeadLetterSample(entry), action: "send"))
                }
            }
        }
        report.reachedEnd = configuration.maxRecords.map { wouldSend < $0 } ?? true
        report.alreadyReplayed = configuration.fromBeginning ? 0 : try await countSelected(before: starts, reader: reader)
        return report
    }
}

/// The state of one replay run that outlives a polled batch.
struct ReplayRun: Sendable {
    let pacer: ReplayPacer
    let total: Int64
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    init(pacer: ReplayPacer, total: Int64) {
        self.pacer = pacer
        self.total = total
        started = clock.now
    }
}
