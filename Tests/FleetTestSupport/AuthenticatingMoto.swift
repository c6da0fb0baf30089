import AsyncHTTPClient
import AWSClients
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A moto server of one test's own that verifies signatures and enforces IAM: started on a
/// free port, given IAM users while authentication is still off (an allow-all one, and any
/// the test asks for, each with its own inline policy), then switched to authenticate every
/// request (`/moto-api/reset-auth`, the run-time form of `INITIAL_NO_AUTH_ACTION_COUNT=0`).
/// The shared moto of the local stack is never switched.
package struct AuthenticatingMoto {
    let process: Process
    /// `http://127.0.0.1:<port>`.
    package let endpoint: String
    /// Credentials moto knows, for an IAM user allowed everything.
    package let credentials: AWSCredentials
    /// The credentials of each user asked for in `start(users:)`, by user name.
    package let users: [String: AWSCredentials]

    /// The `moto_server` of the local stack's virtualenv (`FLEET_VENV`), if installed.
    package static var binary: String? {
        let venv = ProcessInfo.processInfo.environment["FLEET_VENV"] ?? "/var/tmp/invoice-fleet-venv"
        let path = "\(venv)/bin/moto_server"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Starts the server and creates the users.
    ///
    /// - Parameter users: Policy documents (IAM JSON) by user name; each user gets one
    ///   inline policy and one access key. Default: none besides the allow-all user.
    /// - Throws: `SetupError` when moto is missing, does not start, or refuses the set-up.
    package static func start(users: [String: String] = [:]) async throws -> AuthenticatingMoto {
        guard let binary, let port = freePort() else { throw SetupError("moto_server or a free port is missing") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let endpoint = "http://127.0.0.1:\(port)"
        do {
            var ready = false
            for _ in 0..<100 where !ready {
                try await Task.sleep(for: .milliseconds(150))
                ready = await LocalStack.motoAnswers(at: endpoint)
            }
            guard ready else { throw SetupError("moto did not start at \(endpoint)") }
            let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            let credentials = try await createUser("fleet-signer", policy: allowAll, endpoint: endpoint)
            var created: [String: AWSCredentials] = [:]
            for (name, policy) in users.sorted(by: { $0.key < $1.key }) {
                created[name] = try await createUser(name, policy: policy, endpoint: endpoint)
            }
            try await post(endpoint + "/moto-api/reset-auth", body: "0", contentType: "text/plain")
            return AuthenticatingMoto(process: process, endpoint: endpoint, credentials: credentials, users: created)
        } catch {
            kill(process)
            throw error
        }
    }

    /// Kills the server. SIGKILL, not `terminate()`: the child inherits the test runner's
    /// blocked-signal mask, in which SIGTERM is blocked, so it would never exit. Moto keeps
    /// everything in memory; nothing is lost.
    package func stop() {
        Self.kill(process)
    }

    /// The credentials of `user`, created by `start(users:)`.
    /// - Throws: `SetupError` when no such user was asked for.
    package func keys(of user: String) throws -> AWSCredentials {
        guard let credentials = users[user] else { throw SetupError("no IAM user \(user) was created") }
        return credentials
    }

    private static func kill(_ process: Process) {
        #if canImport(Glibc)
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        #else
        _ = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
        process.waitUntilExit()
    }

    // MARK: - Set-up through IAM's query protocol (no IAM client exists in the fleet)

    /// CreateUser, PutUserPolicy (one inline policy, named after the user) and
    /// CreateAccessKey, sent while authentication is still off.
    private static func createUser(_ user: String, policy: String, endpoint: String) async throws -> AWSCredentials {
        _ = try await iam(endpoint, ["Action": "CreateUser", "UserName": user])
        _ = try await iam(endpoint, [
            "Action": "PutUserPolicy", "UserName": user, "PolicyName": user, "PolicyDocument": policy,
        ])
        let keyDocument = try await iam(endpoint, ["Action": "CreateAccessKey", "UserName": user])
        guard let id = element("AccessKeyId", in: keyDocument), let secret = element("SecretAccessKey", in: keyDocument) else {
            throw SetupError("CreateAccessKey answered without a key: \(keyDocument)")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret)
    }

    private static func iam(_ endpoint: String, _ parameters: [String: String]) async throws -> String {
        let form = (parameters.merging(["Version": "2010-05-08"]) { a, _ in a })
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\(AWSPercentEncoding.encode($0.value))" }
            .joined(separator: "&")
        let contentType = "application/x-www-form-urlencoded; charset=utf-8"
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"), region: "us-east-1", service: "iam"
        )
        let signature = signer.sign(
            method: "POST", url: URL(string: endpoint + "/")!, headers: [("Content-Type", contentType)],
            payload: .bytes(Array(form.utf8))
        )
        return try await post(endpoint + "/", body: form, contentType: contentType, headers: signature.headers)
    }

    @discardableResult
    private static func post(
        _ url: String, body: String, contentType: String, headers: [(name: String, value: String)] = []
    ) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else { throw SetupError("\(url) answered \(response.status): \(text)") }
        return text
    }

    private static func element(_ name: String, in document: String) -> String? {
        guard let start = document.range(of: "<\(name)>"), let end = document.range(of: "</\(name)>", range: start.upperBound..<document.endIndex)
        else { return nil }
        return String(document[start.upperBound..<end.lowerBound])
    }

    /// A port nothing listens on now: bind port 0, read what the kernel chose, release it.
    private static func freePort() -> Int? {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    package struct SetupError: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }
}
