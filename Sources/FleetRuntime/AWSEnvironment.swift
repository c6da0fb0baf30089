import AsyncHTTPClient
import AWSClients
import FleetSettings
import Foundation
import ServiceLifecycle

/// The AWS clients of one process, sharing one HTTP client, configured from
/// `StackSettings` and the standard credential sources.
///
/// A `Service`: put it first in the process's `ServiceGroup`, so that it is shut down
/// last, after every component that sends requests through it.
package final class AWSEnvironment: Service, Sendable {
    package let httpClient: HTTPClient
    package let configuration: AWSClientConfiguration

    package init(settings: StackSettings, environment: [String: String] = ProcessEnvironment.values) throws {
        configuration = AWSClientConfiguration(
            region: settings.awsRegion,
            credentials: try AWSCredentials.fromEnvironment(environment),
            endpoint: settings.awsEndpoint.flatMap(URL.init(string:))
        )
        httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    package var s3: S3Client { S3Client(httpClient: httpClient, configuration: configuration) }
    package var sqs: SQSClient { SQSClient(httpClient: httpClient, configuration: configuration) }
    package var dynamo: DynamoDBClient { DynamoDBClient(httpClient: httpClient, configuration: configuration) }

    /// Waits for the group's graceful shutdown (or cancellation), then closes the HTTP client.
    package func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Closes the HTTP client; for tools that run without a `ServiceGroup`. Safe to call twice.
    package func shutdown() async {
        try? await httpClient.shutdown()
    }

    /// Runs `body` with an environment that is shut down afterwards, however `body` ends.
    package static func with<T>(
        settings: StackSettings, environment: [String: String] = ProcessEnvironment.values,
        _ body: (AWSEnvironment) async throws -> T
    ) async throws -> T {
        let aws = try AWSEnvironment(settings: settings, environment: environment)
        do {
            let result = try await body(aws)
            await aws.shutdown()
            return result
        } catch {
            await aws.shutdown()
            throw error
        }
    }
}
