import CRdKafka
import Dispatch
import Logging
import ServiceLifecycle
import Synchronization

/// Reads records in batches, as a member of a consumer group or from assigned partitions.
///
/// Offsets are committed only by `commit`, with exactly the positions the caller finished;
/// nothing is committed automatically. All blocking librdkafka calls run on one serial
/// dispatch queue per consumer, which also keeps polling, committing and closing in order.
///
/// As a `Service`, `run()` keeps the consumer open until graceful shutdown (or
/// cancellation) and then closes it, leaving the group: put it *before* the worker that
/// polls it in a `ServiceGroup`, so that the worker commits its last batch first.
package final class KafkaConsumer: Sendable, Service {
    private let handle: KafkaClientHandle
    /// `rd_kafka_queue_t` of the consumer; see KafkaClientHandle for why this is safe.
    private let queue: KafkaQueueHandle
    private let serial = DispatchQueue(label: "kafka-consumer")
    private let logger: Logger
    private let isGroupMember: Bool
    /// Set when closing begins: later calls throw instead of queueing behind the close.
    private let isClosed = Atomic<Bool>(false)
    /// Set on the serial queue once the consumer has left the group, so that a call
    /// queued before `close()` but run after it does not touch a closed consumer.
    private let hasLeftGroup = Atomic<Bool>(false)
    private let shutdownOnce = KafkaShutdownOnce()

    package init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
        self.logger = logger
        isGroupMember = configuration.groupID != nil
        handle = try KafkaClientHandle(
            type: RD_KAFKA_CONSUMER, properties: configuration.librdkafkaProperties, logger: logger
        ) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, kafkaRebalanceCallback)
        }
        // Route the main queue (errors, logs, rebalances) into the consumer queue, so that
        // consuming from it serves every callback.
        rd_kafka_poll_set_consumer(handle.pointer)
        queue = KafkaQueueHandle(rd_kafka_queue_get_consumer(handle.pointer)!)
    }

    deinit {
        // A consumer dropped without close() still leaves its group, off the cooperative
        // pool (it waits for the group coordinator); the closure keeps the handle alive.
        guard !hasLeftGroup.load(ordering: .acquiring) else { return }
        let handle = self.handle
        DispatchQueue.global().async { rd_kafka_consumer_close(handle.pointer) }
    }

    // MARK: - Service

    /// Waits for graceful shutdown or cancellation, then closes the consumer (see `close()`).
    package func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    // MARK: - Subscription

    /// Joins the consumer group for `topics`; partitions arrive through rebalances.
    package func subscribe(topics: [String]) throws(KafkaError) {
        let list = KafkaPartitionList(topics.map { KafkaTopicPartitionOffset(topic: $0, partition: -1, offset: 0) })
        let err = rd_kafka_subscribe(handle.pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "subscribe to \(topics)") }
    }

    /// Reads exactly these partitions from these offsets, without joining a group.
    package func assign(_ partitions: [KafkaTopicPartitionOffset]) throws(KafkaError) {
        let list = KafkaPartitionList(partitions)
        let err = rd_kafka_assign(handle.pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "assign \(partitions)") }
    }

    /// The partitions this group member holds now.
    package var assignment: Set<KafkaTopicPartition> {
        handle.context.assignment.withLock { $0 }
    }

    // MARK: - Reading

    /// Waits up to `timeout` for records and returns at most `maxMessages` of them.
    ///
    /// Returns early once `maxMessages` are in; returns an empty array on timeout.
    /// Rebalances happen inside this call, never while the caller processes a batch.
    /// - Throws: `KafkaError` for a consumer-level error such as an unknown topic.
    package func poll(maxMessages: Int, timeout: Duration) async throws(KafkaError) -> [KafkaRecord] {
        guard !isClosed.load(ordering: .acquiring) else { throw .closed("consumer") }
        let handle = self.handle, queue = self.queue, logger = self.logger
        let outcome: Result<[KafkaRecord], KafkaError> = await onSerialQueue {
            guard !self.hasLeftGroup.load(ordering: .acquiring) else { return .failure(.closed("consumer")) }
            var buffer = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: maxMessages)
            let count = rd_kafka_consume_batch_queue(queue.pointer, Int32(timeout.milliseconds), &buffer, maxMessages)
            guard count >= 0 else { return .failure(KafkaError(rd_kafka_last_error(), context: "consume")) }
            var records: [KafkaRecord] = []
            records.reserveCapacity(count)
            var firstError: KafkaError?
            for message in buffer.prefix(count) {
                guard let message else { continue }
                defer { rd_kafka_message_destroy(message) }
                if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    let error = KafkaError(message.pointee.err, context: Self.errorContext(message))
                    logger.warning("consumer error", metadata: ["error": "\(error)"])
                    if firstError == nil { firstError = error }
                    continue
                }
                records.append(KafkaRecord(copying: message))
            }
            _ = handle
            // Records already read are returned; an error alone is thrown.
            if records.isEmpty, let firstError { return .failure(firstError) }
            return .success(records)
        }
        return try outcome.get()
    }

    // MARK: - Committing

    /// Commits `offsets` (each the next offset to read) and waits for the broker.
    ///
    /// In a group, positions of partitions that a rebalance has taken away meanwhile are
    /// left out: their new owner reads those records again, which at-least-once allows,
    /// whereas committing them could skip records the new owner has not processed.
    /// - Returns: the positions committed.
    @discardableResult
    package func commit(_ offsets: [KafkaTopicPartitionOffset]) async throws(KafkaError) -> [KafkaTopicPartitionOffset] {
        guard !isClosed.load(ordering: .acquiring) else { throw .closed("consumer") }
        var owned = offsets
        if isGroupMember {
            let assigned = assignment
            owned = offsets.filter { assigned.contains($0.topicPartition) }
            let dropped = offsets.filter { !assigned.contains($0.topicPartition) }
            if !dropped.isEmpty {
                logger.info("not committing partitions moved away by a rebalance; their new owner will reprocess", metadata: [
                    "partitions": "\(dropped.map(\.description).joined(separator: ","))",
                ])
            }
        }
        if owned.isEmpty { return [] }
        let handle = self.handle, toCommit = owned
        let outcome: Result<Void, KafkaError> = await onSerialQueue {
            guard !self.hasLeftGroup.load(ordering: .acquiring) else { return .failure(.closed("consumer")) }
            let list = KafkaPartitionList(toCommit)
            let err = rd_kafka_commit(handle.pointer, list.pointer, 0)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(err, context: "commit \(toCommit)")) }
            // A request that succeeded can still refuse some partitions.
            if let refused = list.firstError {
                return .failure(KafkaError(refused.error, context: "commit \(refused.partition)"))
            }
            return .success(())
        }
        try outcome.get()
        return owned
    }

    /// Commits the positions after `records`, which the caller has finished.
    @discardableResult
    package func commit(processed records: [KafkaRecord]) async throws(KafkaError) -> [KafkaTopicPartitionOffset] {
        try await commit(records.nextOffsets)
    }

    /// The group's committed positions for `partitions` (offset -1001 where none).
    package func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicPartitionOffset] {
        let handle = self.handle
        let result: Result<[KafkaTopicPartitionOffset], KafkaError> = await onSerialQueue {
            let list = KafkaPartitionList(partitions.map { KafkaTopicPartitionOffset(topic: $0.topic, partition: $0.partition, offset: 0) })
            let err = rd_kafka_committed(handle.pointer, list.pointer, Int32(timeout.milliseconds))
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(err, context: "committed offsets")) }
            return .success(list.entries)
        }
        return try result.get()
    }

    // MARK: - Metadata

    /// The low and high watermarks of a partition: its first offset and one past its last.
    package func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) async throws(KafkaError) -> (low: Int64, high: Int64) {
        let handle = self.handle
        let result: Result<(low: Int64, high: Int64), KafkaError> = await KafkaBlocking.run {
            var low: Int64 = 0, high: Int64 = 0
            let err = rd_kafka_query_watermark_offsets(handle.pointer, topic, partition, &low, &high, Int32(timeout.milliseconds))
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                return .failure(KafkaError(err, context: "watermarks of \(topic)[\(partition)]"))
            }
            return .success((low, high))
        }
        return try result.get()
    }

    /// Where this member stands in each of `partitions`, from librdkafka's own state (no
    /// request to the broker, so cheap enough to call every few seconds): the position it
    /// will fetch next and the partition's end as the last fetch response reported it.
    /// `nil` where librdkafka does not know yet (a partition just assigned).
    package func localProgress(of partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: KafkaPartitionProgress] {
        guard !isClosed.load(ordering: .acquiring), !partitions.isEmpty else { return [:] }
        let list = KafkaPartitionList(partitions.map { KafkaTopicPartitionOffset(topic: $0.topic, partition: $0.partition, offset: 0) })
        _ = rd_kafka_position(handle.pointer, list.pointer)
        var progress: [KafkaTopicPartition: KafkaPartitionProgress] = [:]
        for entry in list.entries {
            var low: Int64 = 0, high: Int64 = 0
            let err = rd_kafka_get_watermark_offsets(handle.pointer, entry.topic, entry.partition, &low, &high)
            progress[entry.topicPartition] = KafkaPartitionProgress(
                position: entry.offset >= 0 ? entry.offset : nil,
                end: err == RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0 ? high : nil
            )
        }
        return progress
    }

    /// The partition numbers of `topic`. Throws an unknown-topic error if it does not exist.
    package func partitions(of topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> [Int32] {
        try await KafkaMetadata.partitions(of: topic, handle: handle, timeout: timeout)
    }

    // MARK: - Closing

    /// Leaves the group (revoking this member's partitions) and stops consuming.
    /// Commit what is finished before calling this.
    ///
    /// Idempotent: a second call, or one after `run()` ended, waits for the first to finish.
    /// A `poll` in progress finishes first (it runs on the same serial queue).
    package func close() async {
        await shutdownOnce.run {
            isClosed.store(true, ordering: .releasing)
            let handle = self.handle
            let err = await onSerialQueue {
                let err = rd_kafka_consumer_close(handle.pointer)
                self.hasLeftGroup.store(true, ordering: .releasing)
                return err
            }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.warning("consumer close", metadata: ["error": "\(KafkaError(err))"])
            }
        }
    }

    private func onSerialQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            serial.async { continuation.resume(returning: body()) }
        }
    }

    private static func errorContext(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> String {
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
        return "\(topic)[\(message.pointee.partition)]"
    }
}

/// A consumer's `rd_kafka_queue_t`; `@unchecked Sendable` because librdkafka queues are
/// thread-safe and this pointer is used only on the consumer's serial queue and in deinit.
final class KafkaQueueHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { rd_kafka_queue_destroy(pointer) }
}

extension KafkaRecord {
    /// Copies a message out of librdkafka's buffers.
    init(copying message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let m = message.pointee
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? []
        let key = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        var headers: [KafkaHeader] = []
        var hdrs: OpaquePointer?
        if rd_kafka_message_headers(message, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR, let hdrs {
            var index = 0
            var name: UnsafePointer<CChar>?
            var valuePointer: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(hdrs, index, &name, &valuePointer, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let bytes = valuePointer.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: bytes))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        self.init(
            topic: topic, partition: m.partition, offset: m.offset, key: key, value: value, headers: headers,
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
        )
    }
}

// MARK: - Rebalancing

/// Applies assignments and revocations, and mirrors them in the context so that `commit`
/// knows which partitions this member still owns.
private let kafkaRebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
    rk, err, partitions, opaque in
    guard let rk else { return }
    let context = KafkaCallbackContext.from(opaque)
    let changed = partitions.map { KafkaPartitionList.entries(of: $0).map(\.topicPartition) } ?? []
    let cooperative = String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
    switch err {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        if cooperative {
            if let error = rd_kafka_incremental_assign(rk, partitions) { rd_kafka_error_destroy(error) }
            context?.assignment.withLock { $0.formUnion(changed) }
        } else {
            rd_kafka_assign(rk, partitions)
            context?.assignment.withLock { $0 = Set(changed) }
        }
        context?.logger.info("partitions assigned", metadata: ["partitions": "\(changed.map(\.description).sorted().joined(separator: ","))"])
    default:
        // Revoked, or lost (session expired): stop owning them first, then unassign.
        context?.assignment.withLock { $0.subtract(changed) }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, partitions) { rd_kafka_error_destroy(error) }
        } else {
            rd_kafka_assign(rk, nil)
        }
        context?.logger.info("partitions revoked", metadata: ["partitions": "\(changed.map(\.description).sorted().joined(separator: ","))"])
    }
}
