import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// The SQS operations the fleet uses, over SQS's JSON protocol (`AmazonSQS.<Action>`).
///
/// Queues are named by their URL, as SQS returns it from `createQueue`/`getQueueURL`;
/// requests always go to the configured endpoint. No operation retries.
package struct SQSClient: Sendable {
    let json: AWSJSONProtocol

    /// Longest long poll SQS allows.
    package static let maxWaitTimeSeconds = 20
    /// Most messages one receive or batch can carry.
    package static let maxBatchSize = 10

    /// - Parameters:
    ///   - httpClient: The client to send requests with; the caller owns it.
    ///   - configuration: Region, credentials, endpoint.
    ///   - logger: Receives one trace line a request.
    package init(httpClient: HTTPClient, configuration: AWSClientConfiguration, logger: Logger = Logger(label: "aws.sqs")) {
        let transport = AWSServiceTransport(
            serviceName: "SQS", signingName: "sqs", httpClient: httpClient, configuration: configuration, logger: logger
        )
        json = AWSJSONProtocol(
            transport: transport, endpoint: configuration.endpoint(forService: "sqs"), targetPrefix: "AmazonSQS"
        )
    }

    // MARK: - Queues

    /// Creates a queue, or returns the existing one's URL.
    ///
    /// SQS itself returns the existing queue when the attributes match; when they differ
    /// (`QueueNameExists`) the existing queue is kept unchanged and its URL returned.
    ///
    /// - Returns: The queue URL.
    @discardableResult
    package func createQueue(name: String, attributes: [String: String] = [:]) async throws -> String {
        struct Input: Encodable { var QueueName: String; var Attributes: [String: String]? }
        do {
            let output = try await json.call(
                "CreateQueue", Input(QueueName: name, Attributes: attributes.isEmpty ? nil : attributes), as: QueueURLOutput.self
            )
            return output.QueueUrl
        } catch let error as AWSError where error.code == "QueueNameExists" || error.code == "QueueAlreadyExists" {
            return try await getQueueURL(name: name)
        }
    }

    /// The URL of the queue named `name`.
    ///
    /// - Throws: `AWSError` with code `QueueDoesNotExist` when there is none.
    package func getQueueURL(name: String) async throws -> String {
        struct Input: Encodable { var QueueName: String }
        return try await json.call("GetQueueUrl", Input(QueueName: name), as: QueueURLOutput.self).QueueUrl
    }

    /// Reads queue attributes, e.g. `QueueArn`, `ApproximateNumberOfMessages`.
    ///
    /// - Parameter names: Attributes to read. Default: all.
    package func getQueueAttributes(queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
        struct Input: Encodable { var QueueUrl: String; var AttributeNames: [String] }
        struct Output: Decodable { var Attributes: [String: String]? }
        return try await json.call("GetQueueAttributes", Input(QueueUrl: queueURL, AttributeNames: names), as: Output.self)
            .Attributes ?? [:]
    }

    /// The queue's ARN, for S3 notifications and policies.
    package func queueARN(queueURL: String) async throws -> String {
        guard let arn = try await getQueueAttributes(queueURL: queueURL, names: ["QueueArn"])["QueueArn"] else {
            throw AWSError(kind: .invalidResponse, code: "InvalidResponse", message: "no QueueArn attribute", service: "SQS")
        }
        return arn
    }

    /// Sets queue attributes, e.g. `Policy`, `VisibilityTimeout`, `RedrivePolicy`.
    package func setQueueAttributes(queueURL: String, attributes: [String: String]) async throws {
        struct Input: Encodable { var QueueUrl: String; var Attributes: [String: String] }
        _ = try await json.call("SetQueueAttributes", Input(QueueUrl: queueURL, Attributes: attributes), as: EmptyOutput.self)
    }

    /// Deletes every message in the queue (SQS allows one purge a minute per queue).
    package func purgeQueue(queueURL: String) async throws {
        struct Input: Encodable { var QueueUrl: String }
        _ = try await json.call("PurgeQueue", Input(QueueUrl: queueURL), as: EmptyOutput.self)
    }

    /// Deletes the queue.
    package func deleteQueue(queueURL: String) async throws {
        struct Input: Encodable { var QueueUrl: String }
        _ = try await json.call("DeleteQueue", Input(QueueUrl: queueURL), as: EmptyOutput.self)
    }
}

/// The answer of `CreateQueue` and `GetQueueUrl`.
struct QueueURLOutput: Decodable {
    var QueueUrl: String
}
