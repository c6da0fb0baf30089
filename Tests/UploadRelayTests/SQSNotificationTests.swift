import Testing
import UploadRelay

/// Splitting notification bodies: no services needed.
struct SQSNotificationTests {
    /// An S3 record as S3 writes it, with a form-encoded key.
    static func record(_ key: String, bucket: String = "invoices") -> String {
        #"{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"\#(bucket)"},"object":{"key":"\#(key)","size":12,"eTag":"abc"}}}"#
    }

    @Test func splitsRecordsKeepingEachOneByteForByte() {
        // Odd spacing, escapes and brackets inside strings must not disturb the split.
        let first = Self.record("2026/11/Nota+Fiscal+%C3%A7.json")
        let second = """
            {  "eventName" : "ObjectCreated:Put", "note": "a \\"quoted\\" ] } [ {",
               "s3": {"bucket": {"name": "invoices"}, "object": {"key": "b.json", "size": 1}}, "n": [1, -2.5e3, true, null] }
            """
        let third = Self.record("c.json", bucket: "other")
        let body = "{\"Records\" :[ \(first) ,\n\(second),\(third)\t] , \"extra\": {\"Records\": 1}}"
        #expect(SQSNotification(body: body) == .records([
            .event(key: "invoices/2026/11/Nota+Fiscal+%C3%A7.json", value: Array(first.utf8)),
            .event(key: "invoices/b.json", value: Array(second.utf8)),
            .event(key: "other/c.json", value: Array(third.utf8)),
        ]))
    }

    @Test func findsRecordsAfterOtherMembers() {
        let body = #"{"Other":{"Records":[1,2]},"List":["]"],"Records":[\#(Self.record("k"))]}"#
        #expect(SQSNotification(body: body) == .records([.event(key: "invoices/k", value: Array(Self.record("k").utf8))]))
    }

    @Test func recognisesTheTestEvent() {
        let body = #"{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-25T10:00:00.000Z","Bucket":"invoices","RequestId":"X","HostId":"Y"}"#
        #expect(SQSNotification(body: body) == .testEvent)
    }

    @Test(arguments: [
        "not json at all", "", "[1,2,3]", "\"a string\"", #"{"hello":"world"}"#, #"{"Records":[]}"#,
        #"{"Records":{"a":1}}"#, #"{"Event":"s3:SomethingElse"}"#,
    ])
    func refusesWhatIsNotANotification(body: String) {
        guard case .invalid = SQSNotification(body: body) else {
            Issue.record("\(body) was accepted")
            return
        }
    }

    @Test func setsAsideARecordWithoutBucketOrKeyAlone() {
        let bad = #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{}}}"#
        let body = #"{"Records":[\#(Self.record("ok.json")),\#(bad)]}"#
        guard case let .records(entries) = SQSNotification(body: body) else {
            Issue.record("not split")
            return
        }
        #expect(entries.count == 2)
        #expect(entries[0] == .event(key: "invoices/ok.json", value: Array(Self.record("ok.json").utf8)))
        guard case let .malformed(value, _) = entries[1] else {
            Issue.record("malformed record accepted")
            return
        }
        #expect(value == Array(bad.utf8))
    }
}
