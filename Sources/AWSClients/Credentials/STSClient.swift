import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The two STS calls the credential chain needs, in STS's query protocol.
///
/// Not an `AWSServiceTransport` client: `AssumeRoleWithWebIdentity` is sent unsigned (the
/// token is the proof), and `AssumeRole` is signed with the source profile's credentials,
/// not the process's.
struct STSClient: Sendable {
    let httpClient: HTTPClient
    /// `https://sts.REGION.amazonaws.com`, or the local stack's endpoint.
    let endpoint: URL
    let region: String
    var timeout: TimeAmount = .seconds(10)

    /// Exchanges an OIDC token (EKS IRSA's projected service account token) for the role's credentials.
    func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, token: String) async throws -> ExpiringCredentials {
        try await call(action: "AssumeRoleWithWebIdentity", parameters: [
            ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ], signedWith: nil)
    }

    /// Assumes `roleARN` with `credentials` (a profile's `role_arn` with its `source_profile`).
    func assumeRole(
        roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?, credentials: AWSCredentials
    ) async throws -> ExpiringCredentials {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try await call(action: "AssumeRole", parameters: parameters, signedWith: credentials)
    }

    private func call(action: String, parameters: [(String, String)], signedWith credentials: AWSCredentials?) async throws -> ExpiringCredentials {
        let form = ([("Action", action), ("Version", "2011-06-15")] + parameters)
            .map { "\(AWSPercentEncoding.encode($0.0))=\(AWSPercentEncoding.encode($0.1))" }
            .joined(separator: "&")
        let body = ByteBuffer(string: form)
        var headers = [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")]
        if let credentials {
            let signer = SigV4Signer(credentials: credentials, region: region, service: "sts")
            headers += signer.sign(method: "POST", url: endpoint, headers: headers, payload: .bytes(body.readableBytesView)).headers
        }
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(body)
        let origin = AWSServiceTransport.origin(of: endpoint)
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: timeout)
            bytes = try await response.body.collect(upTo: 1024 * 1024)
        } catch {
            throw AWSServiceTransport.mapFailure(error, service: "STS", endpoint: origin)
        }
        guard (200..<300).contains(response.status.code) else {
            throw AWSError.parse(service: "STS", status: Int(response.status.code), headers: response.headers, body: bytes, endpoint: origin)
        }
        guard let root = XMLNode.parse(Data(bytes.readableBytesView)), let element = root.first("Credentials"),
              let key = element.text(of: "AccessKeyId"), let secret = element.text(of: "SecretAccessKey")
        else {
            throw AWSCredentialsError.invalidResponse(source: "STS \(action)", reason: "no Credentials in the answer")
        }
        let expiration = element.text(of: "Expiration").flatMap(CredentialsDocument.parseTimestamp)
        return ExpiringCredentials(
            AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: element.text(of: "SessionToken")),
            expiration: expiration
        )
    }
}

/// EKS IRSA and any OIDC federation: the token file (re-read at every refresh, since the
/// kubelet rotates it) traded for the role's credentials.
struct WebIdentityCredentialsSource: CredentialsSource {
    let sts: STSClient
    let tokenFile: String
    let roleARN: String
    let sessionName: String

    var name: String { "web identity (role \(roleARN))" }

    func fetch() async throws -> ExpiringCredentials {
        let token = try CredentialEndpoint.token(file: tokenFile, describedAs: "the web identity token file")
        return try await sts.assumeRoleWithWebIdentity(roleARN: roleARN, sessionName: sessionName, token: token)
    }
}

/// A profile's `role_arn`: the role assumed with the credentials of its source.
struct AssumeRoleCredentialsSource: CredentialsSource {
    let sts: STSClient
    let roleARN: String
    let sessionName: String
    let externalID: String?
    let durationSeconds: Int?
    /// The source profile's (or `credential_source`'s) credentials, refreshed on their own.
    let base: AWSCredentialsProvider

    var name: String { "assumed role \(roleARN) (from \(base.sourceName))" }

    func fetch() async throws -> ExpiringCredentials {
        try await sts.assumeRole(
            roleARN: roleARN, sessionName: sessionName, externalID: externalID,
            durationSeconds: durationSeconds, credentials: try await base.current()
        )
    }
}
