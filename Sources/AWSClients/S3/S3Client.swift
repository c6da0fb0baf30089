import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The S3 operations the fleet uses, over the REST-XML protocol.
///
/// Requests are signed with Signature Version 4 and sent through the caller's
/// `HTTPClient`. No operation retries: `AWSError.isRetryable` tells the caller whether to.
package struct S3Client: Sendable {
    let transport: AWSServiceTransport
    let configuration: AWSClientConfiguration

    /// - Parameters:
    ///   - httpClient: The client to send requests with; the caller owns and shuts it down.
    ///   - configuration: Region, credentials, endpoint.
    ///   - logger: Receives one trace line a request.
    package init(httpClient: HTTPClient, configuration: AWSClientConfiguration, logger: Logger = Logger(label: "aws.s3")) {
        self.configuration = configuration
        transport = AWSServiceTransport(
            serviceName: "S3", signingName: "s3", httpClient: httpClient, configuration: configuration, logger: logger
        )
    }

    // MARK: - Objects

    /// Reads an object, refusing to hold more than `maxBytes` in memory.
    ///
    /// When `Content-Length` already exceeds the limit the body is not read at all; when
    /// the streamed body grows past it, reading stops there. Either way the connection is
    /// dropped instead of drained.
    ///
    /// - Parameter eTag: read only this version (`If-Match`); another is `versionReplaced`.
    /// - Throws: `S3ObjectError.objectTooLarge`, `.noSuchKey`, `.versionReplaced`, `AWSError`.
    package func getObject(bucket: String, key: String, ifMatch eTag: String? = nil, maxBytes: Int) async throws -> S3Object {
        let url = objectURL(bucket: bucket, key: key)
        let response: HTTPClientResponse
        do {
            let headers = eTag.map { [(name: "If-Match", value: "\"\($0)\"")] } ?? []
            response = try await transport.stream(method: .GET, url: url, headers: headers)
        } catch let error as AWSError where error.code == "NoSuchKey" {
            throw S3ObjectError.noSuchKey(bucket: bucket, key: key)
        } catch let error as AWSError where error.code == "PreconditionFailed" || error.statusCode == 412 {
            throw S3ObjectError.versionReplaced(bucket: bucket, key: key, eTag: eTag ?? "")
        }
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxBytes {
            throw S3ObjectError.objectTooLarge(size: length, limit: maxBytes)
        }
        let body: ByteBuffer
        do {
            body = try await Self.collect(response.body, maxBytes: maxBytes)
        } catch let error as S3ObjectError {
            throw error
        } catch {
            throw AWSServiceTransport.mapFailure(error, service: "S3", endpoint: AWSServiceTransport.origin(of: url))
        }
        return S3Object(
            body: body,
            eTag: Self.unquote(response.headers.first(name: "etag") ?? ""),
            size: body.readableBytes,
            contentType: response.headers.first(name: "content-type")
        )
    }

    /// Writes an object.
    ///
    /// - Returns: The new object's entity tag, without quotes.
    @discardableResult
    package func putObject(
        bucket: String, key: String, body: ByteBuffer, contentType: String? = nil
    ) async throws -> String {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        let response = try await transport.send(
            method: .PUT, url: objectURL(bucket: bucket, key: key), headers: headers, body: body
        )
        return Self.unquote(response.headers.first(name: "etag") ?? "")
    }

    /// Writes an object given as bytes.
    @discardableResult
    package func putObject(
        bucket: String, key: String, bytes: some Sequence<UInt8>, contentType: String? = nil
    ) async throws -> String {
        try await putObject(bucket: bucket, key: key, body: ByteBuffer(bytes: bytes), contentType: contentType)
    }

    /// Deletes an object. Deleting a missing key succeeds, as in S3.
    package func deleteObject(bucket: String, key: String) async throws {
        _ = try await transport.send(method: .DELETE, url: objectURL(bucket: bucket, key: key))
    }

    /// Reads `body` until it ends or passes `maxBytes`; in the latter case throws at once,
    /// leaving the rest unread (dropping the iterator makes AsyncHTTPClient close the connection).
    static func collect<Body: AsyncSequence>(_ body: Body, maxBytes: Int) async throws -> ByteBuffer
    where Body.Element == ByteBuffer {
        var collected = ByteBuffer()
        for try await chunk in body {
            guard collected.readableBytes + chunk.readableBytes <= maxBytes else {
                throw S3ObjectError.objectTooLarge(size: collected.readableBytes + chunk.readableBytes, limit: maxBytes)
            }
            collected.writeImmutableBuffer(chunk)
        }
        return collected
    }

    // MARK: - URLs

    /// The URL of `key` in `bucket`, the key percent-encoded per segment (RFC 3986, `/` kept).
    func objectURL(bucket: String, key: String) -> URL {
        bucketURL(bucket, path: "/" + AWSPercentEncoding.encode(key, keepingSlash: true))
    }

    /// The URL of `bucket` with `path` (encoded, starting with `/`) and a query of
    /// `(name, value)` pairs (raw, encoded here; `nil` value for a bare name).
    func bucketURL(_ bucket: String, path: String = "", query: [(String, String?)] = []) -> URL {
        var text: String
        switch configuration.s3AddressingStyle {
        case .path:
            let base = configuration.endpoint(forService: "s3").absoluteString
            text = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + AWSPercentEncoding.encode(bucket) + path
        case .virtualHosted:
            let base = configuration.endpoint ?? URL(string: "https://s3.\(configuration.region).amazonaws.com")!
            text = "\(base.scheme ?? "https")://\(bucket).\(SigV4Signer.hostHeader(for: base))" + (path.isEmpty ? "/" : path)
        }
        if !query.isEmpty {
            text += "?" + query.map { name, value in
                AWSPercentEncoding.encode(name) + (value.map { "=" + AWSPercentEncoding.encode($0) } ?? "")
            }.joined(separator: "&")
        }
        return URL(string: text)!
    }

    static func unquote(_ eTag: String) -> String {
        eTag.count >= 2 && eTag.hasPrefix("\"") && eTag.hasSuffix("\"") ? String(eTag.dropFirst().dropLast()) : eTag
    }
}
