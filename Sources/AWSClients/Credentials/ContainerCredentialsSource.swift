import AsyncHTTPClient
import Foundation
import NIOCore

/// ECS task roles and EKS Pod Identity: a local endpoint that hands out the task's or
/// pod's credentials, named by `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on ECS's
/// 169.254.170.2) or `…_FULL_URI`, with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read at
/// every refresh: EKS rotates it) or `AWS_CONTAINER_AUTHORIZATION_TOKEN` as `Authorization`.
struct ContainerCredentialsSource: CredentialsSource {
    let httpClient: HTTPClient
    let url: URL
    let token: String?
    let tokenFile: String?
    var timeout: TimeAmount = .seconds(5)

    var name: String { "container endpoint \(url.absoluteString)" }

    /// The endpoint named by the environment, if any.
    ///
    /// - Throws: `AWSCredentialsError.invalidConfiguration` for a full URI that is neither
    ///   HTTPS nor on a host the SDKs allow over HTTP (loopback, ECS's and EKS's link-local
    ///   addresses), so that credentials are never sent in clear to another host.
    static func url(environment: [String: String]) throws -> URL? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            guard let url = URL(string: "http://169.254.170.2\(relative.hasPrefix("/") ? "" : "/")\(relative)") else {
                throw AWSCredentialsError.invalidConfiguration("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI '\(relative)' is not a path")
            }
            return url
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else { return nil }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw AWSCredentialsError.invalidConfiguration("AWS_CONTAINER_CREDENTIALS_FULL_URI '\(full)' is not a URL")
        }
        let allowedOverHTTP = ["localhost", "127.0.0.1", "::1", "[::1]", "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]"]
        guard scheme == "https" || (scheme == "http" && (allowedOverHTTP.contains(host) || host.hasPrefix("127."))) else {
            throw AWSCredentialsError.invalidConfiguration(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http on loopback, 169.254.170.2 or 169.254.170.23; not \(full)"
            )
        }
        return url
    }

    func fetch() async throws -> ExpiringCredentials {
        var request = HTTPClientRequest(url: url.absoluteString)
        let fromFile = try tokenFile.map { try CredentialEndpoint.token(file: $0, describedAs: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") }
        if let authorization = fromFile ?? token {
            request.headers.add(name: "Authorization", value: authorization)
        }
        let body = try await CredentialEndpoint.body(
            of: request, httpClient: httpClient, timeout: timeout, source: name, service: "container credentials endpoint"
        )
        return try CredentialsDocument.credentials(from: Data(body.readableBytesView), source: name)
    }
}
