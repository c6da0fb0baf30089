import AWSClients
import FleetContracts
import FleetRuntime
import FleetSettings
import Foundation
import Kafka
import Logging

/// Gathers what `invoice-fleet reconcile` compares, reading only: the bucket listing,
/// the sources of the stored items, the DLQ, and the replays on the uploads topic.
///
/// The order is deliberate. The listing comes first, so that every object it names had
/// at least until the later reads to reach the table or the DLQ: an object is never
/// called missing because its outcome was written between two reads. The DLQ comes
/// before the uploads topic, so that a replay of a dead letter read is never missed.
/// Kafka is read without any consumer group (see `DeadLetterReader`).
package struct Reconciler: Sendable {
    package let s3: S3Client
    package let dynamo: DynamoDBClient
    package let table: String
    package let deadLetters: DeadLetterReader
    package let uploads: DeadLetterReader
    /// Where the AWS side is, for error messages.
    package let awsLocation: String
    private let logger: Logger

    package init(aws: AWSEnvironment, stack: StackSettings, cluster: DeadLetterClusterSettings, logger: Logger) {
        s3 = aws.s3
        dynamo = aws.dynamo
        table = stack.table
        deadLetters = DeadLetterReader(topic: stack.deadLetterTopic, settings: cluster, logger: logger)
        uploads = DeadLetterReader(topic: stack.uploadsTopic, settings: cluster, logger: logger)
        awsLocation = aws.configuration.endpoint?.absoluteString ?? "AWS \(aws.configuration.region)"
        self.logger = logger
    }

    /// Places every object of `bucket` under `prefix` in one state.
    /// - Parameter modifiedBefore: leave out objects modified at or after this time.
    /// - Throws: `ReconcileError` (bucket, table, AWS), `DeadLetterToolError` (Kafka).
    package func reconcile(bucket: String, prefix: String? = nil, modifiedBefore: Date? = nil) async throws -> ObjectReconciliation {
        let prefix = prefix?.isEmpty == false ? prefix : nil
        let objects = try await listing(bucket: bucket, prefix: prefix)
        let (stored, replaced) = try await storedVersions(bucket: bucket, prefix: prefix)
        let index = try await deadLetterIndex(bucket: bucket, prefix: prefix)
        let replayed = try await replayedPositions(among: index.positions)
        logger.info("reconcile read", metadata: [
            "bucket": "\(bucket)", "objects": "\(objects.count)", "storedObjects": "\(stored.count)",
            "deadLetters": "\(index.count)", "replayed": "\(replayed.count)",
        ])
        return ObjectReconciliation(
            bucket: bucket, prefix: prefix, objects: objects, stored: stored, deadLetters: index, replayed: replayed,
            replaced: replaced, modifiedBefore: modifiedBefore
        )
    }

    private func listing(bucket: String, prefix: String?) async throws -> [S3ObjectSummary] {
        do {
            return try await s3.listAllObjects(bucket: bucket, prefix: prefix)
        } catch {
            throw ReconcileError.from(error, bucket: bucket, endpoint: awsLocation)
        }
    }

    /// The ETags stored per object of `bucket` under `prefix`, and the objects whose
    /// invoices an operator's replay replaced (with the object that replaced each), from a
    /// scan that reads only the source attributes. Strongly consistent, so that a write
    /// acknowledged before the scan is seen.
    private func storedVersions(
        bucket: String, prefix: String?
    ) async throws -> (stored: [SourceObject: Set<String>], replaced: [SourceObject: [String: String]]) {
        typealias A = InvoiceTable.Attribute
        var versions: [SourceObject: Set<String>] = [:]
        var replaced: [SourceObject: [String: String]] = [:]
        var start: DynamoItem?
        do {
            repeat {
                let page = try await dynamo.scan(
                    table: table, exclusiveStartKey: start, consistentRead: true,
                    projectionExpression: "#bucket, #key, #etag, #rbucket, #rkey, #retag",
                    expressionAttributeNames: [
                        "#bucket": A.sourceBucket, "#key": A.sourceKey, "#etag": A.sourceETag,
                        "#rbucket": A.replacedSourceBucket, "#rkey": A.replacedSourceKey, "#retag": A.replacedSourceETag,
                    ]
                )
                for item in page.items {
                    guard let source = StoredInvoice.source(item), source.bucket == bucket else { continue }
                    if source.key.hasPrefix(prefix ?? "") {
                        versions[SourceObject(bucket: bucket, key: source.key), default: []]
                            .insert(ObjectReconciliation.plainETag(source.eTag))
                    }
                    if item[A.replacedSourceBucket]?.stringValue == bucket, let key = item[A.replacedSourceKey]?.stringValue,
                       key.hasPrefix(prefix ?? "") {
                        let eTag = ObjectReconciliation.plainETag(item[A.replacedSourceETag]?.stringValue ?? "")
                        replaced[SourceObject(bucket: bucket, key: key), default: [:]][eTag] = source.key
                    }
                }
                start = page.lastEvaluatedKey
            } while start != nil
        } catch {
            throw ReconcileError.from(error, table: table, endpoint: awsLocation)
        }
        return (versions, replaced)
    }

    /// The newest dead letters of the objects of `bucket` under `prefix`.
    private func deadLetterIndex(bucket: String, prefix: String?) async throws -> DeadLetterIndex {
        var index = DeadLetterIndex()
        let ranges = try await deadLetters.ranges()
        try await deadLetters.scan(ranges) { records in
            for record in records {
                guard let entry = DeadLetterEntry(record: record), let mark = DeadLetterMark(entry: entry),
                      mark.source.bucket == bucket, mark.source.key.hasPrefix(prefix ?? "")
                else { continue }
                index.add(mark)
            }
        }
        return index
    }

    /// Which of `wanted` (dead-letter positions) a record of the uploads topic names in
    /// `replay.of`. The topic is always checked to exist; it is read only when some dead
    /// letter could have been replayed, since it is the largest topic of the fleet.
    private func replayedPositions(among wanted: Set<String>) async throws -> Set<String> {
        let ranges = try await uploads.ranges()
        guard !wanted.isEmpty else { return [] }
        var found: Set<String> = []
        try await uploads.scan(ranges) { records in
            for record in records {
                if let origin = record.header(ReplayHeader.replayOf), wanted.contains(origin) { found.insert(origin) }
            }
        }
        return found
    }
}
