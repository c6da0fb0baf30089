import Crypto
import Foundation

/// Signs HTTP requests with AWS Signature Version 4 (header form).
///
/// The signer is a value: copies share one cache of the day's signing key, so it can
/// be stored in clients and used from any task. The signing date is a parameter, so
/// tests can reproduce AWS's published examples exactly.
///
/// ```swift
/// let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "dynamodb")
/// let signature = signer.sign(method: "POST", url: url, headers: [("content-type", type)], payload: .bytes(body))
/// for (name, value) in signature.headers { request.headers.replaceOrAdd(name: name, value: value) }
/// ```
package struct SigV4Signer: Sendable {
    /// How the canonical URI is derived from the request path.
    package enum PathEncoding: Sendable, Equatable {
        /// The path's segments percent-encoded once (S3: the key is signed as sent).
        case single
        /// The encoded path encoded again, `%` becoming `%25`: what every service but S3 expects.
        case double
    }

    /// The credentials of the next signature. A `var`: a client whose credentials rotate
    /// signs each request with a copy carrying the current ones (copies share the key cache).
    package var credentials: AWSCredentials
    package let region: String
    /// The signing name of the service: `s3`, `sqs`, `dynamodb`, …
    package let service: String
    /// Default: `.single` for `s3`, `.double` otherwise.
    package let pathEncoding: PathEncoding
    /// Whether to send and sign `X-Amz-Content-Sha256`, which S3 requires.
    /// Default: `true` for `s3`, `false` otherwise.
    package let sendsPayloadHash: Bool

    private let keyCache = SigningKeyCache()

    package init(
        credentials: AWSCredentials,
        region: String,
        service: String,
        pathEncoding: PathEncoding? = nil,
        sendsPayloadHash: Bool? = nil
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.pathEncoding = pathEncoding ?? (service == "s3" ? .single : .double)
        self.sendsPayloadHash = sendsPayloadHash ?? (service == "s3")
    }

    /// Signs one request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, e.g. `GET`.
    ///   - url: The URL as it will be sent (path and query percent-encoded).
    ///   - headers: The headers to sign besides those the signer adds. A `host` here wins
    ///     over the URL's; `authorization`, `x-amz-date`, `x-amz-content-sha256` and
    ///     `x-amz-security-token` are ignored because the signer sets them.
    ///   - payload: The body's hash. Default: no body.
    ///   - date: The signing time. Default: now.
    /// - Returns: The headers to add and the intermediate strings.
    package func sign(
        method: String,
        url: URL,
        headers: [(name: String, value: String)] = [],
        payload: SigV4Payload = .empty,
        date: Date = Date()
    ) -> SigV4Signature {
        let timestamp = AMZDate(date)
        var signed = headers.filter { !Self.signerOwned.contains($0.name.lowercased()) }
        var added: [(name: String, value: String)] = []
        if !signed.contains(where: { $0.name.lowercased() == "host" }) {
            let host = Self.hostHeader(for: url)
            signed.append(("host", host))
            added.append(("Host", host))
        }
        added.append(("X-Amz-Date", timestamp.dateTime))
        if sendsPayloadHash { added.append(("X-Amz-Content-Sha256", payload.hash)) }
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        signed += added.filter { $0.name != "Host" }

        let canonicalHeaders = Self.canonicalHeaders(signed)
        let signedHeaderNames = canonicalHeaders.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            method.uppercased(),
            canonicalURI(for: url),
            Self.canonicalQuery(for: url),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaderNames,
            payload.hash,
        ].joined(separator: "\n")

        let scope = "\(timestamp.day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            timestamp.dateTime,
            scope,
            SigV4Payload.sha256Hex(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")

        let key = keyCache.key(for: timestamp.day, secret: credentials.secretAccessKey, derive: signingKey(day:))
        let signature = SigV4Payload.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaderNames), Signature=\(signature)"
        return SigV4Signature(
            headers: added + [("Authorization", authorization)],
            authorization: authorization,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            signedHeaders: signedHeaderNames
        )
    }

    private static let signerOwned: Set<String> = ["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"]

    // MARK: - Signing key

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    private func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }
}
