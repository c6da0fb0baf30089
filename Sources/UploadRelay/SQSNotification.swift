import FleetContracts
import Foundation

/// What one SQS message body holds, as far as the relay is concerned.
///
/// S3 sends a notification with one or more records in `Records[]`, or once, when the
/// notification is configured, an `s3:TestEvent`. Anything else on the queue is not ours.
package enum SQSNotification: Sendable, Equatable {
    /// S3's configuration check: dropped.
    case testEvent
    /// The records, each to become one `invoice-uploads` message, in notification order.
    case records([Entry])
    /// Not an S3 notification: the whole body goes to the dead-letter topic.
    case invalid(reason: String)

    /// One element of `Records[]`.
    package enum Entry: Sendable, Equatable {
        /// A record with its Kafka key (`bucket/key`, the key as S3 encoded it) and its
        /// value: the element's bytes exactly as they appear in the notification.
        case event(key: String, value: [UInt8])
        /// An element that is not an S3 event record (no bucket or key): dead-lettered alone.
        case malformed(value: [UInt8], reason: String)
    }

    /// Reads a message body.
    package init(body: String) {
        self.init(body: Array(body.utf8))
    }

    /// Reads a message body given as bytes.
    package init(body: [UInt8]) {
        // Parsing first guarantees the raw scan below only ever sees well-formed JSON.
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            self = .invalid(reason: "message body is not JSON")
            return
        }
        guard let object = parsed as? [String: Any] else {
            self = .invalid(reason: "message body is not a JSON object")
            return
        }
        if object["Event"] as? String == "s3:TestEvent" {
            self = .testEvent
            return
        }
        guard let records = object["Records"] as? [Any] else {
            self = .invalid(reason: "message body has no Records array: not an S3 event notification")
            return
        }
        guard !records.isEmpty else {
            self = .invalid(reason: "S3 event notification with an empty Records array")
            return
        }
        guard let ranges = RawJSONArray.elements(of: "Records", in: body), ranges.count == records.count else {
            self = .invalid(reason: "cannot locate the elements of Records in the message body")
            return
        }
        let decoder = JSONDecoder()
        self = .records(ranges.map { range in
            let value = Array(body[range])
            do {
                let record = try decoder.decode(S3EventRecord.self, from: Data(value))
                return .event(key: record.messageKey, value: value)
            } catch {
                return .malformed(value: value, reason: "Records element is not an S3 event record (needs eventName, s3.bucket.name, s3.object.key)")
            }
        })
    }
}
