import FleetContracts
import Foundation
import Testing

/// `S3EventRecord.decode` must answer what `JSONDecoder` answers, errors included (their
/// text goes into dead letters), whatever the bytes.
struct S3EventRecordDecodingTests {
    static let s3Record = #"""
    {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-11-24T13:15:00.250Z",
     "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},
     "requestParameters":{"sourceIPAddress":"203.0.113.7"},"responseElements":{"x-amz-request-id":"C3D13FE58DE4C810"},
     "s3":{"s3SchemaVersion":"1.0","configurationId":"uploads","bucket":{"name":"invoices","ownerIdentity":{"principalId":"A3NL1K"},
     "arn":"arn:aws:s3:::invoices"},"object":{"key":"2026/S%C3%A3o+Paulo/nota%2B1.json","size":1024,
     "eTag":"\"d41d8cd98f00b204e9800998ecf8427e\"","versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko","sequencer":"0055AED6DCD90281E5"}}}
    """#

    static let cases: [String] = [
        s3Record,
        String(decoding: S3EventRecord.objectCreatedJSON(bucket: "b", key: "a b/ç.json", size: 3, eTag: "\"0\""), as: UTF8.self),
        #"{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}"#,
        #"{"eventName":"ObjectCreated:Put","eventTime":null,"s3":{"bucket":{"name":"b"},"object":{"key":"k","size":null,"eTag":null}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b\u00e3\/\n"},"object":{"key":"k\ud83e\uddfe"}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":1.5}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":1e3}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":-0}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":"12"}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":99999999999999999999}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","eTag":7}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":null},"object":{"key":"k"}}}"#,
        #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"}}}"#,
        #"{"eventName":1,"s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}"#,
        #"{"s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}"#,
        #"{"eventName":"ObjectCreated:Put","eventName":"ObjectCreated:Copy","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}"#,
        "\u{FEFF}" + #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}"#,
        #"[{"eventName":"ObjectCreated:Put"}]"#, "{oops", "", "null",
    ]

    @Test(arguments: cases.indices)
    func answersWhatJSONDecoderAnswers(_ index: Int) {
        let bytes = Array(Self.cases[index].utf8)
        expectSameAnswer(bytes)
    }

    @Test func invalidUTF8IsLeftToJSONDecoder() {
        expectSameAnswer(Array(#"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"#.utf8) + [0xFF] + Array(#""},"object":{"key":"k"}}}"#.utf8))
    }

    private func expectSameAnswer(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = Result { try S3EventRecord.decode(bytes) }
        let reference = Result { try JSONDecoder().decode(S3EventRecord.self, from: Data(bytes)) }
        switch (fast, reference) {
        case let (.success(record), .success(expected)):
            #expect(record == expected, sourceLocation: sourceLocation)
        case let (.failure(error), .failure(expected)):
            #expect("\(error)" == "\(expected)", sourceLocation: sourceLocation)
        default:
            Issue.record("decode gave \(fast), JSONDecoder \(reference)", sourceLocation: sourceLocation)
        }
    }
}
