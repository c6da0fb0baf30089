import AsyncHTTPClient
import AWSClients
import FleetSettings
import FleetTestSupport
import Foundation
import NIOCore
import Testing

/// The moto endpoint the integration tests run against: `AWS_ENDPOINT_URL` (default
/// `http://127.0.0.1:5000`, as in `StackSettings`), credentials from the environment
/// (default `testing`/`testing`, which moto accepts).
enum LocalStack {
    static let settings = try! StackSettings(from: SettingsSource(known: []))

    /// Why integration tests are skipped when moto is absent.
    static let skipReason: Comment = "needs moto at AWS_ENDPOINT_URL (\(settings.awsEndpoint ?? "AWS")); start it with moto_server"

    static var configuration: AWSClientConfiguration {
        configuration(credentials: nil)
    }

    static func configuration(credentials: AWSCredentials?, endpoint: String? = nil) -> AWSClientConfiguration {
        let fallback = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")
        return AWSClientConfiguration(
            region: settings.awsRegion,
            credentials: credentials ?? AWSCredentials.fromEnvironmentVariables(ProcessInfo.processInfo.environment) ?? fallback,
            endpoint: URL(string: endpoint ?? settings.awsEndpoint ?? "http://127.0.0.1:5000"),
            requestTimeout: .seconds(20)
        )
    }

    /// Whether moto answers at the endpoint (default: the local stack's).
    static func isReachable(_ endpoint: String? = nil) async -> Bool {
        guard let url = endpoint ?? settings.awsEndpoint else { return false }
        return await FleetTestSupport.LocalStack.motoAnswers(at: url)
    }

    /// A name no earlier run used, so tests can run repeatedly against one moto.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0...UInt32.max))".lowercased()
    }
}
