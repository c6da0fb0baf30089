import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore

/// Small local stand-ins for the endpoints that hand out credentials: the ECS/EKS
/// container endpoint and IMDSv2. They issue a new access key at every fetch
/// (`ASIATEST1`, `ASIATEST2`, …) that expires after `lifetime`, and record what they were
/// asked. They also accept S3 PUTs and record which access key signed each one.
package actor CredentialEndpoints {
    package static let containerToken = "container-secret-token"
    package static let imdsToken = "imds-session-token"

    package private(set) var lifetime: TimeInterval
    /// While set, credential fetches answer 500.
    package private(set) var failing = false
    package private(set) var issued = 0
    /// `METHOD path` of every request, in order.
    package private(set) var requests: [String] = []
    /// The access key of each signed S3 request, in order.
    package private(set) var signingKeys: [String] = []

    package init(lifetime: TimeInterval) { self.lifetime = lifetime }

    package func setFailing(_ failing: Bool) { self.failing = failing }
    package func setLifetime(_ lifetime: TimeInterval) { self.lifetime = lifetime }

    private func record(_ request: Request) { requests.append("\(request.method) \(request.uri.path)") }

    private func issue() -> String {
        issued += 1
        let formatter = ISO8601DateFormatter()
        let expiration = formatter.string(from: Date().addingTimeInterval(lifetime))
        return #"{"Code":"Success","AccessKeyId":"ASIATEST\#(issued)","SecretAccessKey":"secret-\#(issued)","Token":"token-\#(issued)","Expiration":"\#(expiration)"}"#
    }

    private func credentials(_ request: Request, authorized: Bool) -> Response {
        record(request)
        guard authorized else { return Response(status: .unauthorized) }
        if failing { return Response(status: .internalServerError) }
        return Self.text(issue(), type: "application/json")
    }

    private func imdsToken(_ request: Request) -> Response {
        record(request)
        return Self.text(Self.imdsToken)
    }

    private func imds(_ request: Request, body: String) -> Response {
        record(request)
        // IMDSv1 (no session token) is refused, as on an instance that requires v2.
        guard request.headers[HTTPField.Name("X-aws-ec2-metadata-token")!] == Self.imdsToken else {
            return Response(status: .unauthorized)
        }
        return Self.text(body)
    }

    private func s3Put(_ request: Request) -> Response {
        record(request)
        let authorization = request.headers[.authorization] ?? ""
        let key = authorization.split(separator: "Credential=").last.map { String($0.prefix { $0 != "/" }) } ?? "unsigned"
        signingKeys.append(key)
        return Response(status: .ok, headers: [HTTPField.Name("ETag")!: "\"etag\""])
    }

    /// Runs `body` with the endpoints served on a free local port.
    package func serve(_ body: @Sendable (_ port: Int) async throws -> Void) async throws {
        let router = Router()
        router.get("/container/credentials") { request, _ in
            await self.credentials(request, authorized: request.headers[.authorization] == Self.containerToken)
        }
        router.put("/latest/api/token") { request, _ in await self.imdsToken(request) }
        router.get("/latest/meta-data/iam/security-credentials/") { request, _ in await self.imds(request, body: "fleet-role\n") }
        router.get("/latest/meta-data/iam/security-credentials/fleet-role") { request, _ in
            let authorized = request.headers[HTTPField.Name("X-aws-ec2-metadata-token")!] == Self.imdsToken
            return await self.credentials(request, authorized: authorized)
        }
        router.put("/bucket/:key") { request, _ in await self.s3Put(request) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw CancellationError() }
            try await body(port)
        }
    }

    private static func text(_ text: String, type: String = "text/plain") -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
