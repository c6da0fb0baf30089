import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Signs, sends and error-checks the requests of one service: the layer every client
/// shares. It does not retry: callers decide (see `BatchWriter` for DynamoDB writes).
struct AWSServiceTransport: Sendable {
    /// The service's display name for errors and logs: `S3`, `SQS`, `DynamoDB`.
    let serviceName: String
    let httpClient: HTTPClient
    /// Signs with placeholder credentials: each request signs a copy carrying the current ones.
    let signer: SigV4Signer
    let credentials: AWSCredentialsProvider
    let timeout: TimeAmount
    let logger: Logger

    /// Largest body read from an ordinary (non-object) response.
    static let maxResponseBytes = 16 * 1024 * 1024
    /// Largest error body read; the rest is not needed to know what went wrong.
    static let maxErrorBytes = 64 * 1024

    init(serviceName: String, signingName: String, httpClient: HTTPClient, configuration: AWSClientConfiguration, logger: Logger) {
        self.serviceName = serviceName
        self.httpClient = httpClient
        signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "", secretAccessKey: ""), region: configuration.region, service: signingName)
        credentials = configuration.credentials
        timeout = configuration.requestTimeout
        self.logger = logger
    }

    /// Sends a signed request and returns the response with its body unread, once the
    /// status is known to be 2xx.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - url: The full URL, path and query already percent-encoded.
    ///   - headers: Extra headers, all of them signed.
    ///   - body: The body, if any.
    ///   - extraTime: Added to the configured timeout (long polls).
    /// - Throws: `AWSError` for non-2xx answers and transport failures; `CancellationError`.
    func stream(
        method: HTTPMethod, url: URL, headers: [(name: String, value: String)] = [],
        body: ByteBuffer? = nil, extraTime: TimeAmount = .zero
    ) async throws -> HTTPClientResponse {
        let payload: SigV4Payload = body.map { .bytes($0.readableBytesView) } ?? .empty
        var signer = signer
        signer.credentials = try await credentials.current()
        let signature = signer.sign(method: method.rawValue, url: url, headers: headers, payload: payload)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in headers + signature.headers {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        if let body {
            request.body = .bytes(body)
        }
        let endpoint = Self.origin(of: url)
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout + extraTime, logger: logger)
        } catch {
            throw Self.mapFailure(error, service: serviceName, endpoint: endpoint)
        }
        logger.trace("AWS request", metadata: [
            "aws.service": "\(serviceName)", "http.method": "\(method.rawValue)",
            "http.path": "\(url.path)", "http.status": "\(response.status.code)",
        ])
        guard (200..<300).contains(response.status.code) else {
            let errorBody = try? await response.body.collect(upTo: Self.maxErrorBytes)
            throw AWSError.parse(
                service: serviceName, status: Int(response.status.code), headers: response.headers,
                body: errorBody, endpoint: endpoint
            )
        }
        return response
    }

    /// Sends a signed request and reads the whole body (up to 16 MiB).
    func send(
        method: HTTPMethod, url: URL, headers: [(name: String, value: String)] = [],
        body: ByteBuffer? = nil, extraTime: TimeAmount = .zero
    ) async throws -> AWSResponse {
        let response = try await stream(method: method, url: url, headers: headers, body: body, extraTime: extraTime)
        let bytes = try await readBody(response.body, upTo: Self.maxResponseBytes, endpoint: Self.origin(of: url))
        return AWSResponse(status: Int(response.status.code), headers: response.headers, body: bytes)
    }

    /// Reads a body, turning a connection lost half way into a transport error.
    func readBody(_ body: HTTPClientResponse.Body, upTo limit: Int, endpoint: String) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw AWSError(
                kind: .invalidResponse, code: "InvalidResponse",
                message: "response body larger than \(limit) bytes", service: serviceName, endpoint: endpoint
            )
        } catch {
            throw Self.mapFailure(error, service: serviceName, endpoint: endpoint)
        }
    }

    /// `scheme://host[:port]`, how errors name the endpoint.
    static func origin(of url: URL) -> String {
        "\(url.scheme ?? "https")://\(SigV4Signer.hostHeader(for: url))"
    }

    /// Keeps `AWSError` and cancellation as they are and wraps everything else as a transport failure.
    static func mapFailure(_ error: any Error, service: String, endpoint: String) -> any Error {
        if error is AWSError || error is CancellationError { return error }
        if let error = error as? HTTPClientError, error == .cancelled { return CancellationError() }
        return AWSError.transport(error, service: service, endpoint: endpoint)
    }
}
