import AWSClients
import FleetContracts
import FleetSettings

/// Creates the AWS side of the pipeline, idempotently: the bucket, the queue with the
/// bucket's ObjectCreated notification to it, and the `Invoices` table with its index.
/// Existing resources are left as they are.
package struct AWSProvisioner: Sendable {
    package var settings: StackSettings

    package init(settings: StackSettings) {
        self.settings = settings
    }

    /// Creates bucket, queue, notification and table, and waits until the table is active.
    package func provision(_ aws: AWSEnvironment) async throws {
        try await aws.s3.createBucket(settings.bucket)
        let queueURL = try await aws.sqs.createQueue(name: settings.queue, attributes: ["VisibilityTimeout": "60"])
        let queueARN = try await aws.sqs.queueARN(queueURL: queueURL)
        // Real S3 checks that it may send to the queue before it accepts the notification.
        try await aws.sqs.setQueueAttributes(queueURL: queueURL, attributes: ["Policy": Self.queuePolicy(queueARN: queueARN, bucket: settings.bucket)])
        try await aws.s3.putBucketNotificationConfiguration(bucket: settings.bucket, queueArn: queueARN)
        _ = try await aws.dynamo.createTable(InvoiceTable.definition(named: settings.table))
        try await aws.dynamo.waitUntilActive(settings.table)
    }

    /// The queue policy that lets the bucket (and only it) send its event notifications.
    static func queuePolicy(queueARN: String, bucket: String) -> String {
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"BucketNotifications","Effect":"Allow",\
        "Principal":{"Service":"s3.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"\(queueARN)",\
        "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::\(bucket)"}}}]}
        """
    }
}
