import AWSClients
import Testing

@Suite("SQSMessage: the age of what waits in the queue")
struct SQSMessageTests {
    static func message(sentAt milliseconds: String?) -> SQSMessage {
        SQSMessage(messageID: "m", receiptHandle: "r", body: "{}", attributes: milliseconds.map { ["SentTimestamp": $0] } ?? [:])
    }

    @Test("the oldest SentTimestamp of a receive, 0 for none or without the attribute")
    func oldestAge() {
        let messages = [Self.message(sentAt: "1800000010000"), Self.message(sentAt: "1800000002500"), Self.message(sentAt: nil)]
        #expect(SQSMessage.oldestAgeSeconds(of: messages, nowMilliseconds: 1_800_000_012_000) == 9.5)
        #expect(SQSMessage.oldestAgeSeconds(of: [], nowMilliseconds: 1_800_000_012_000) == 0)
        #expect(SQSMessage.oldestAgeSeconds(of: [Self.message(sentAt: nil)], nowMilliseconds: 1) == 0)
        #expect(SQSMessage.oldestAgeSeconds(of: [Self.message(sentAt: "2000")], nowMilliseconds: 1000) == 0, "clock skew is not negative age")
    }
}
