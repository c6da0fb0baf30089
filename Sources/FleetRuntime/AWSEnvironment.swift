import AsyncHTTPClient
import AWSClients
import FleetSettings
import Foundation
import Logging
import ServiceLifecycle

/// The AWS clients of one process, sharing one HTTP client, configured from
/// `StackSettings` and the standard credential sources.
///
/// A `Service`: put it first in the process's `ServiceGroup`, so that it is shut down
/// last, after every component that sends requests through it.
package final class AWSEnvironment: Service, Sendable {
    package let httpClient: HTTPClient
    package let configuration: AWSClientConfiguration

    /// - Throws: `AWSCredentialsError` when no credential source is configured, or one is
    ///   configured wrongly (see `AWSCredentialsProvider.chain`). Nothing is fetched yet.
    package init(
        settings: StackSettings, environment: [String: String] = ProcessEnvironment.values,
        logger: Logger = Logger(label: "aws")
    ) throws {
        var http = HTTPClient.Configuration()
        // Connections stay open between requests (idle ones close after 60 s), up to this
        // many per host: a worker's fetches and writes run concurrently.
        http.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: settings.awsMaxConnections)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        let endpoint = settings.awsEndpoint.flatMap(URL.init(string:))
        do {
            let credentials = try AWSCredentialsProvider.chain(
                environment: environment, httpClient: httpClient, region: settings.awsRegion, endpoint: endpoint, logger: logger
            )
            configuration = AWSClientConfiguration(region: settings.awsRegion, credentials: credentials, endpoint: endpoint)
        } catch {
            try? httpClient.syncShutdown()
            throw error
        }
        self.httpClient = httpClient
        logger.debug("AWS credentials from \(configuration.credentials.sourceName)")
    }

    /// `nil` while requests can be signed; otherwise why not, for `/health`.
    package func credentialsProblem() async -> String? {
        await configuration.credentials.problem()
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
