import AsyncHTTPClient
import AWSClients
import FleetTestSupport
import Foundation
import Logging
import NIOCore
import Testing

/// The remote sources for real: the container endpoint and IMDSv2 against local
/// stand-ins (`CredentialEndpoints`), STS against moto's STS.
@Suite("AWS credential sources over HTTP")
struct CredentialSourceTests {
    static func chain(_ environment: [String: String], endpoint: URL? = nil) throws -> AWSCredentialsProvider {
        try AWSCredentialsProvider.chain(
            environment: environment.merging(["HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"]) { mine, _ in mine },
            httpClient: .shared, region: "us-east-1", endpoint: endpoint, logger: Logger(label: "test"), readFile: { _ in nil }
        )
    }

    /// The chain with only the stand-in's container endpoint configured, with its token.
    static func container(port: Int) throws -> AWSCredentialsProvider {
        try chain([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(port)/container/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": CredentialEndpoints.containerToken,
        ])
    }

    static func temporaryFile(_ contents: String, mode: Int = 0o600) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-credentials-\(UUID().uuidString)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test("container endpoint (ECS, EKS Pod Identity): the token file's token as Authorization, a wrong one refused")
    func container() async throws {
        let endpoints = CredentialEndpoints(lifetime: 3600)
        try await endpoints.serve { port in
            let tokenFile = try Self.temporaryFile(CredentialEndpoints.containerToken + "\n")
            let provider = try Self.chain([
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(port)/container/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            ])
            let credentials = try await provider.current()
            #expect(credentials == AWSCredentials(accessKeyID: "ASIATEST1", secretAccessKey: "secret-1", sessionToken: "token-1"))

            let refused = try Self.chain([
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(port)/container/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong",
            ])
            let error = await #expect(throws: AWSError.self) { try await refused.current() }
            #expect(error?.isRetryable == true)
            #expect("\(error.map { "\($0)" } ?? "")".contains("HTTP 401"))
            #expect(await endpoints.issued == 1)
        }
    }

    @Test("IMDSv2: a session token first, then the role and its credentials with it")
    func instanceMetadata() async throws {
        let endpoints = CredentialEndpoints(lifetime: 3600)
        try await endpoints.serve { port in
            let provider = try AWSCredentialsProvider.chain(
                environment: ["HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)"],
                httpClient: .shared, region: "us-east-1", endpoint: nil, logger: Logger(label: "test"), readFile: { _ in nil }
            )
            #expect(try await provider.current().accessKeyID == "ASIATEST1")
            #expect(await endpoints.requests == [
                "PUT /latest/api/token",
                "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/fleet-role",
            ])
        }
    }

    @Test("an S3 client keeps working across several refreshes of 3-second credentials, each request signed with the current ones")
    func clientAcrossRefreshes() async throws {
        let endpoints = CredentialEndpoints(lifetime: 3)
        try await endpoints.serve { port in
            let provider = try Self.container(port: port)
            // The stand-in also plays S3, so that the signing key of every request is visible.
            let s3 = S3Client(httpClient: .shared, configuration: AWSClientConfiguration(
                region: "us-east-1", credentials: provider, endpoint: URL(string: "http://127.0.0.1:\(port)")
            ))
            let deadline = ContinuousClock.now + .seconds(10)
            var puts = 0
            while ContinuousClock.now < deadline {
                try await s3.putObject(bucket: "bucket", key: "k\(puts)", bytes: Array("{}".utf8))
                puts += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            let keys = await endpoints.signingKeys
            let issued = await endpoints.issued
            #expect(keys.count == puts)
            #expect(issued >= 4, "3 s credentials refreshed at half-life over 10 s")
            // Signed in the order issued, never with a key older than the one before.
            let numbers = keys.compactMap { Int($0.dropFirst("ASIATEST".count)) }
            #expect(numbers.count == keys.count)
            #expect(numbers == numbers.sorted())
            #expect(Set(numbers).count >= 4)
            #expect(await provider.problem() == nil)
        }
    }

    @Test("a credential endpoint that fails: requests fail retryably, /health names it, and both recover")
    func endpointOutage() async throws {
        let endpoints = CredentialEndpoints(lifetime: 2)
        try await endpoints.serve { port in
            let provider = try Self.container(port: port)
            _ = try await provider.current()
            await endpoints.setFailing(true)
            try await Task.sleep(for: .seconds(2.5))  // the credentials expired, refreshes fail
            let error = await #expect(throws: AWSError.self) { try await provider.current() }
            #expect(error?.code == "CredentialsUnavailable" && error?.isRetryable == true)
            #expect(await provider.problem()?.contains("container endpoint") == true)
            await endpoints.setFailing(false)
            var recovered = false
            for _ in 0..<40 where !recovered {
                try await Task.sleep(for: .milliseconds(250))
                recovered = (try? await provider.current()) != nil
            }
            #expect(recovered)
            #expect(await provider.problem() == nil)
        }
    }

    @Test("credential_process: the printed document, and a failing command's status and stderr")
    func credentialProcess() async throws {
        let script = try Self.temporaryFile("""
            #!/bin/sh
            [ "$1" = "--fail" ] && { echo "token expired, run login" >&2; exit 3; }
            printf '{"Version":1,"AccessKeyId":"ASIAPROC","SecretAccessKey":"proc-secret","SessionToken":"proc-token","Expiration":"2099-01-01T00:00:00Z"}'
            """, mode: 0o700)
        func provider(_ arguments: String) throws -> AWSCredentialsProvider {
            let config = "[profile tool]\ncredential_process = \(script) \(arguments)\n"
            return try AWSCredentialsProvider.chain(
                environment: ["HOME": "/h", "AWS_PROFILE": "tool"], httpClient: .shared, region: "us-east-1", endpoint: nil,
                logger: Logger(label: "test"), readFile: { $0 == "/h/.aws/config" ? config : nil }
            )
        }
        #expect(try await provider("").current() == AWSCredentials(accessKeyID: "ASIAPROC", secretAccessKey: "proc-secret", sessionToken: "proc-token"))
        let error = await #expect(throws: AWSError.self) { try await provider("--fail").current() }
        #expect("\(error.map { "\($0)" } ?? "")".contains("exited with status 3: token expired, run login"))
    }
}

/// STS for real, on moto: web identity (EKS IRSA) and a profile's role_arn + source_profile.
@Suite("AWS credentials from moto's STS", .enabled(LocalStack.skipReason) { await LocalStack.isReachable() })
struct STSCredentialTests {
    static var endpoint: URL { URL(string: LocalStack.settings.awsEndpoint ?? "http://127.0.0.1:5000")! }

    /// Proves the credentials work: moto answers a bucket listing signed with them.
    static func use(_ provider: AWSCredentialsProvider) async throws {
        let s3 = S3Client(httpClient: .shared, configuration: AWSClientConfiguration(
            region: LocalStack.settings.awsRegion, credentials: provider, endpoint: endpoint
        ))
        let bucket = LocalStack.uniqueName("sts-check")
        try await s3.createBucket(bucket)
        try await s3.putObject(bucket: bucket, key: "ok", bytes: Array("{}".utf8))
    }

    @Test("AssumeRoleWithWebIdentity from AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN + AWS_ROLE_SESSION_NAME")
    func webIdentity() async throws {
        let token = try CredentialSourceTests.temporaryFile("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2ln")
        let provider = try CredentialSourceTests.chain([
            "AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/invoice-fleet-worker",
            "AWS_ROLE_SESSION_NAME": "worker-0",
        ], endpoint: Self.endpoint)
        let credentials = try await provider.current()
        #expect(credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(credentials.accessKeyID != "testing")
        try await Self.use(provider)
    }

    @Test("AssumeRole for a profile's role_arn, signed with its source_profile's keys")
    func assumeRole() async throws {
        let config = """
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/invoice-fleet-relay
            source_profile = base
            role_session_name = relay-1
            duration_seconds = 900
            """
        let credentialsFile = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"
        let provider = try AWSCredentialsProvider.chain(
            environment: ["HOME": "/h", "AWS_PROFILE": "deploy"], httpClient: .shared, region: LocalStack.settings.awsRegion,
            endpoint: Self.endpoint, logger: Logger(label: "test"),
            readFile: { $0 == "/h/.aws/config" ? config : $0 == "/h/.aws/credentials" ? credentialsFile : nil }
        )
        let credentials = try await provider.current()
        #expect(credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(credentials.accessKeyID != "AKIDBASE")
        #expect(credentials.sessionToken?.isEmpty == false)
        try await Self.use(provider)
    }

    @Test("an unreadable token file is a retryable failure that names the file")
    func refusal() async throws {
        let provider = try CredentialSourceTests.chain([
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/x",
        ], endpoint: Self.endpoint)
        let error = await #expect(throws: AWSError.self) { try await provider.current() }
        #expect(error?.isRetryable == true)
        #expect("\(error.map { "\($0)" } ?? "")".contains("cannot read the web identity token file /nonexistent/token"))
    }
}
