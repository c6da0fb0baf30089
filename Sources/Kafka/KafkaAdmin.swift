import CRdKafka
import Logging

/// Creates and describes topics, for set-up and tests.
package final class KafkaAdmin: Sendable {
    private let handle: KafkaClientHandle
    private let poller: KafkaPollThread

    package init(configuration: KafkaClientConfiguration, logger: Logger) throws(KafkaError) {
        var properties = configuration.librdkafkaProperties
        properties.merge(configuration.properties) { _, raw in raw }
        handle = try KafkaClientHandle(type: RD_KAFKA_PRODUCER, properties: properties, logger: logger)
        poller = KafkaPollThread(name: "kafka-admin-poll", handle: handle)
    }

    deinit { poller.stop() }

    /// A topic to create.
    package struct TopicSpecification: Sendable, Hashable {
        package var name: String
        package var partitions: Int
        package var replicationFactor: Int
        package init(name: String, partitions: Int, replicationFactor: Int = 1) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
        }
    }

    /// Creates the topics that do not exist yet; existing ones are left as they are.
    /// - Returns: the names of the topics this call created.
    @discardableResult
    package func createTopics(_ topics: [TopicSpecification], timeout: Duration = .seconds(30)) async throws(KafkaError) -> [String] {
        let handle = self.handle
        let result: Result<[String], KafkaError> = await KafkaBlocking.run {
            var errstr = [CChar](repeating: 0, count: 512)
            var newTopics: [OpaquePointer?] = []
            defer { for t in newTopics { rd_kafka_NewTopic_destroy(t) } }
            for topic in topics {
                guard let t = rd_kafka_NewTopic_new(topic.name, Int32(topic.partitions), Int32(topic.replicationFactor), &errstr, errstr.count) else {
                    return .failure(.configuration("topic \(topic.name): \(String(cBuffer: errstr))"))
                }
                newTopics.append(t)
            }
            let options = rd_kafka_AdminOptions_new(handle.pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            rd_kafka_AdminOptions_set_operation_timeout(options, Int32(timeout.milliseconds), &errstr, errstr.count)
            rd_kafka_AdminOptions_set_request_timeout(options, Int32(timeout.milliseconds), &errstr, errstr.count)
            let queue = rd_kafka_queue_new(handle.pointer)
            defer { rd_kafka_queue_destroy(queue) }
            rd_kafka_CreateTopics(handle.pointer, &newTopics, newTopics.count, options, queue)
            guard let event = rd_kafka_queue_poll(queue, Int32(timeout.milliseconds + 5000)) else {
                return .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, context: "create topics"))
            }
            defer { rd_kafka_event_destroy(event) }
            let err = rd_kafka_event_error(event)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                return .failure(KafkaError(err, context: "create topics: \(String(cString: rd_kafka_event_error_string(event)))"))
            }
            var count = 0
            let results = rd_kafka_event_CreateTopics_result(event)
            guard let list = rd_kafka_CreateTopics_result_topics(results, &count) else { return .success([]) }
            var created: [String] = []
            for i in 0 ..< count {
                let r = list[i]
                let name = String(cString: rd_kafka_topic_result_name(r))
                switch rd_kafka_topic_result_error(r) {
                case RD_KAFKA_RESP_ERR_NO_ERROR: created.append(name)
                case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: break
                case let e:
                    let detail = rd_kafka_topic_result_error_string(r).map { String(cString: $0) } ?? ""
                    return .failure(KafkaError(e, context: "create topic \(name) \(detail)"))
                }
            }
            return .success(created)
        }
        return try result.get()
    }

    /// The partition numbers of `topic`. Throws an unknown-topic error if it does not exist.
    package func partitions(of topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> [Int32] {
        try await KafkaMetadata.partitions(of: topic, handle: handle, timeout: timeout)
    }
}
