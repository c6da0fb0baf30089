@testable import Kafka
import Testing

/// The Swift error model over librdkafka's codes.
@Suite struct KafkaErrorTests {
    @Test func codesPrintAsLibrdkafkasSymbolicNames() {
        #expect(KafkaError.Code.messageTimedOut.description == "_MSG_TIMED_OUT")
        #expect(KafkaError.Code.unknownTopicOrPartition.description == "UNKNOWN_TOPIC_OR_PART")
        #expect(KafkaError.Code.producerFenced.description == "PRODUCER_FENCED")
        #expect(KafkaError.Code.cancelled.description == "CANCELLED")
    }

    @Test func retriabilityAndFatalityFollowTheCode() {
        #expect(KafkaError(code: .transport, message: "").isRetriable)
        #expect(KafkaError(code: .notCoordinator, message: "").isRetriable)
        #expect(!KafkaError(code: .groupAuthorizationFailed, message: "").isRetriable)
        #expect(!KafkaError(code: .cancelled, message: "").isRetriable)
        #expect(KafkaError(code: .fatal, message: "").isFatal)
        #expect(!KafkaError(code: .messageTimedOut, message: "").isFatal)
        #expect(KafkaError(code: .unknownTopic, message: "").isUnknownTopic)
    }

    @Test func aBatchResumesItsWaiterOnceWhateverComesFirst() async {
        let batch = KafkaDeliveryBatch(count: 2)
        let waiting = Task { await batch.results() }
        waiting.cancel()
        let outcome = await waiting.value
        #expect(throws: KafkaError.self) { try outcome.get() }
        // Late reports and a shutdown after the cancellation change nothing and do not trap.
        batch.complete(index: 0, with: .success(KafkaDeliveryReport(topic: "t", partition: 0, offset: 0)))
        batch.failRemaining(with: .closed("producer"))
        batch.complete(index: 1, with: .success(KafkaDeliveryReport(topic: "t", partition: 0, offset: 1)))
        let after = await batch.results()
        #expect((try? after.get())?.count == 2)
    }
}
