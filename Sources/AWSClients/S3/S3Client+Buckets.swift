import Foundation
import NIOCore

extension S3Client {
    /// Creates a bucket in the configured region, or does nothing if this account already
    /// owns it, so set-up can run repeatedly.
    ///
    /// (Outside us-east-1 S3 answers `BucketAlreadyOwnedByYou`, which is swallowed here;
    /// us-east-1 and moto answer 200, so "created" and "already there" cannot be told apart.)
    ///
    /// - Throws: `AWSError`, e.g. `BucketAlreadyExists` when another account owns the name.
    package func createBucket(_ bucket: String) async throws {
        var body: ByteBuffer?
        // us-east-1 is the default location and rejects an explicit constraint.
        if configuration.region != "us-east-1" {
            body = ByteBuffer(string: """
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                <LocationConstraint>\(XMLNode.escape(configuration.region))</LocationConstraint>\
                </CreateBucketConfiguration>
                """)
        }
        do {
            _ = try await transport.send(method: .PUT, url: bucketURL(bucket), body: body)
        } catch let error as AWSError where error.code == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    /// Sends the bucket's object events to an SQS queue, replacing the bucket's whole
    /// notification configuration.
    ///
    /// The queue's policy must allow `sqs:SendMessage` from `s3.amazonaws.com` for this
    /// bucket (see `SQSClient.setQueueAttributes`); AWS checks it by sending `s3:TestEvent`.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - queueArn: The queue's ARN.
    ///   - events: Event types. Default: `s3:ObjectCreated:*`.
    package func putBucketNotificationConfiguration(
        bucket: String, queueArn: String, events: [String] = ["s3:ObjectCreated:*"]
    ) async throws {
        let eventElements = events.map { "<Event>\(XMLNode.escape($0))</Event>" }.joined()
        let document = """
            <NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
            <QueueConfiguration><Id>invoice-fleet-\(XMLNode.escape(bucket))</Id>\
            <Queue>\(XMLNode.escape(queueArn))</Queue>\(eventElements)</QueueConfiguration>\
            </NotificationConfiguration>
            """
        _ = try await transport.send(
            method: .PUT, url: bucketURL(bucket, query: [("notification", nil)]),
            headers: [("Content-Type", "application/xml")], body: ByteBuffer(string: document)
        )
    }
}
