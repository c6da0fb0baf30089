import AsyncHTTPClient
import Foundation
import Logging

/// The DynamoDB operations the fleet uses, over the JSON 1.0 protocol
/// (`X-Amz-Target: DynamoDB_20120810.<Operation>`).
///
/// No operation retries; `BatchWriter` adds batching and retries on top of
/// `batchWriteItem`.
package struct DynamoDBClient: Sendable {
    let json: AWSJSONProtocol

    /// Most entries DynamoDB accepts in one `BatchWriteItem` (moto accepts more; we do not).
    package static let maxBatchWriteItems = 25

    /// - Parameters:
    ///   - httpClient: The client to send requests with; the caller owns it.
    ///   - configuration: Region, credentials, endpoint.
    ///   - logger: Receives one trace line a request.
    package init(httpClient: HTTPClient, configuration: AWSClientConfiguration, logger: Logger = Logger(label: "aws.dynamodb")) {
        let transport = AWSServiceTransport(
            serviceName: "DynamoDB", signingName: "dynamodb", httpClient: httpClient,
            configuration: configuration, logger: logger
        )
        json = AWSJSONProtocol(
            transport: transport, endpoint: configuration.endpoint(forService: "dynamodb"),
            targetPrefix: "DynamoDB_20120810"
        )
    }
}
