import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An EC2 instance profile through IMDSv2: a session token first (`PUT /latest/api/token`),
/// then the role's name and its credentials with that token. IMDSv1 is never used.
///
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it (tests); `AWS_EC2_METADATA_DISABLED=true`
/// takes it out of the chain.
struct InstanceMetadataCredentialsSource: CredentialsSource {
    static let defaultEndpoint = URL(string: "http://169.254.169.254")!

    let httpClient: HTTPClient
    let endpoint: URL
    /// Short: off EC2 the address does not answer, and the chain's last resort should fail fast.
    var timeout: TimeAmount = .seconds(2)

    var name: String { "instance metadata (IMDSv2 at \(endpoint.absoluteString))" }

    func fetch() async throws -> ExpiringCredentials {
        let token = try await text(.PUT, "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")])
        let auth = [("X-aws-ec2-metadata-token", token)]
        let roles = try await text(.GET, "/latest/meta-data/iam/security-credentials/", headers: auth)
        guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw AWSCredentialsError.invalidResponse(source: name, reason: "the instance has no IAM role")
        }
        let document = try await text(.GET, "/latest/meta-data/iam/security-credentials/\(role)", headers: auth)
        return try CredentialsDocument.credentials(from: Data(document.utf8), source: name)
    }

    private func text(_ method: HTTPMethod, _ path: String, headers: [(String, String)]) async throws -> String {
        var request = HTTPClientRequest(url: endpoint.absoluteString.trimmingSuffix("/") + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let body = try await CredentialEndpoint.body(
            of: request, httpClient: httpClient, timeout: timeout, source: name, service: "instance metadata service"
        )
        return String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
