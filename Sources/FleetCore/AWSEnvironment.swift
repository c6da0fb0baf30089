import AsyncHTTPClient
import AWSClients
import Foundation
import Kafka

/// The AWS clients of one process, sharing one HTTP client, configured from `StackSettings`
/// and the standard credential sources.
public struct AWSEnvironment: Sendable {
    public let httpClient: HTTPClient
    public let configuration: AWSClientConfiguration

    public init(settings: StackSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        configuration = AWSClientConfiguration(
            region: settings.awsRegion,
            credentials: try AWSCredentials.fromEnvironment(environment),
            endpoint: settings.awsEndpoint.flatMap(URL.init(string:))
        )
        httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    public var s3: S3Client { S3Client(httpClient: httpClient, configuration: configuration) }
    public var sqs: SQSClient { SQSClient(httpClient: httpClient, configuration: configuration) }
    public var dynamo: DynamoDBClient { DynamoDBClient(httpClient: httpClient, configuration: configuration) }

    public func shutdown() async {
        try? await httpClient.shutdown()
    }
}

extension StackSettings {
    /// The Kafka client settings for these brokers.
    public var kafkaClient: KafkaClientConfiguration {
        var client = KafkaClientConfiguration(bootstrapServers: kafkaBrokers)
        client.properties = kafkaProperties
        return client
    }
}
