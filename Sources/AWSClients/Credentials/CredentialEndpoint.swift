import AsyncHTTPClient
import Foundation
import NIOCore

/// What the sources that fetch credentials over HTTP (the container endpoint, IMDSv2) and
/// those that read rotating token files share.
enum CredentialEndpoint {
    /// The body of a 200 answer to `request`.
    ///
    /// - Throws: `AWSCredentialsError.invalidResponse` naming `source` for any other status;
    ///   a retryable `AWSError` naming `service` when no answer came.
    static func body(
        of request: HTTPClientRequest, httpClient: HTTPClient, timeout: TimeAmount, source: String, service: String
    ) async throws -> ByteBuffer {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: 64 * 1024)
        } catch {
            let origin = URL(string: request.url).map(AWSServiceTransport.origin(of:)) ?? request.url
            throw AWSServiceTransport.mapFailure(error, service: service, endpoint: origin)
        }
        guard response.status.code == 200 else {
            let path = URL(string: request.url)?.path ?? request.url
            let text = String(buffer: body).prefix(200)
            throw AWSCredentialsError.invalidResponse(
                source: source, reason: "\(request.method.rawValue) \(path): HTTP \(response.status.code)\(text.isEmpty ? "" : ": \(text)")"
            )
        }
        return body
    }

    /// A token file's contents, trimmed. Read at every refresh: the kubelet and EKS rotate them.
    static func token(file: String, describedAs what: String) throws -> String {
        do {
            return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw AWSCredentialsError.invalidConfiguration("cannot read \(what) \(file): \(error.localizedDescription)")
        }
    }
}
