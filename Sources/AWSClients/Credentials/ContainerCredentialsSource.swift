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
        if let authorization = try authorization() {
            request.headers.add(name: "Authorization", value: authorization)
        }
        let origin = AWSServiceTransport.origin(of: url)
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 64 * 1024)
            guard response.status.code == 200 else {
                throw AWSCredentialsError.invalidResponse(
                    source: name, reason: "HTTP \(response.status.code): \(String(buffer: body).prefix(200))"
                )
            }
            return try CredentialsDocument.credentials(from: Data(body.readableBytesView), source: name)
        } catch let error as AWSCredentialsError {
            throw error
        } catch {
            throw AWSServiceTransport.mapFailure(error, service: "container credentials endpoint", endpoint: origin)
        }
    }

    private func authorization() throws -> String? {
        if let tokenFile {
            do {
                return try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw AWSCredentialsError.invalidConfiguration("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile): \(error.localizedDescription)")
            }
        }
        return token
    }
}
