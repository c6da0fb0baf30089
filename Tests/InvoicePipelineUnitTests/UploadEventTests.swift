import FleetContracts
import Kafka
@testable import InvoicePipeline
import Testing

struct UploadEventTests {
    func record(_ json: String) -> KafkaRecord {
        KafkaRecord(topic: "t", partition: 0, offset: 1, key: nil, value: Array(json.utf8))
    }

    @Test func decodesFormEncodedKeys() throws {
        let json = #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"inv"},"object":{"key":"2026/S%C3%A3o+Paulo/nota%2B1.json"}}}"#
        guard case let .upload(event) = UploadEvent.decode(record(json)) else { Issue.record("not decoded"); return }
        #expect(event.bucket == "inv")
        #expect(event.key == "2026/São Paulo/nota+1.json")
    }

    @Test func ignoresOtherEventsAndRejectsGarbage() {
        let delete = #"{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"inv"},"object":{"key":"k"}}}"#
        guard case .ignored = UploadEvent.decode(record(delete)) else { Issue.record("delete not ignored"); return }
        guard case let .invalid(code, _) = UploadEvent.decode(record("{oops")) else { Issue.record("garbage accepted"); return }
        #expect(code == .invalidEvent && code.rawValue == "invalid_event")
        let badKey = #"{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"inv"},"object":{"key":"bad%zz"}}}"#
        guard case let .invalid(code2, _) = UploadEvent.decode(record(badKey)) else { Issue.record("bad key accepted"); return }
        #expect(code2 == .invalidObjectKey && code2.rawValue == "invalid_object_key")
    }

    @Test func formEncodingRoundTrips() {
        for key in ["a b+c.json", "São Paulo/ção.json", "plain/key-1_2.json", "100%.json"] {
            #expect(FormDecoding.decode(FormDecoding.encode(key)) == key)
        }
        #expect(FormDecoding.encode("a b+c") == "a+b%2Bc")
    }
}
