import AsyncHTTPClient
import AWSClients
import Logging
import Testing

/// Which source the chain picks, in the SDKs' order, and its configuration errors.
/// Nothing is fetched here: `chain` reads configuration only.
@Suite("AWS credential chain: choice of source")
struct CredentialsTests {
    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secret/default+key

        [base]
        aws_access_key_id=AKIDBASE
        aws_secret_access_key=base-secret
        aws_session_token = token==
        ; another comment
        [broken]
        aws_access_key_id = only
        """
    static let configFile = """
        [profile deploy]
        role_arn = arn:aws:iam::123456789012:role/deploy
        source_profile = base
        [profile chained]
        role_arn = arn:aws:iam::123456789012:role/chained
        source_profile = deploy
        [profile tool]
        credential_process = /usr/local/bin/issue-credentials --json
        [profile irsa]
        role_arn = arn:aws:iam::123456789012:role/irsa
        web_identity_token_file = /var/run/token
        [profile loop-a]
        role_arn = arn:aws:iam::123456789012:role/a
        source_profile = loop-b
        [profile loop-b]
        role_arn = arn:aws:iam::123456789012:role/b
        source_profile = loop-a
        [profile from-ec2]
        role_arn = arn:aws:iam::123456789012:role/ec2
        credential_source = Ec2InstanceMetadata
        [profile empty]
        region = sa-east-1
        """

    static func chain(_ environment: [String: String], files: Bool = true) throws -> AWSCredentialsProvider {
        var environment = environment
        environment["HOME"] = environment["HOME"] ?? "/home/fleet"
        return try AWSCredentialsProvider.chain(
            environment: environment, httpClient: .shared, region: "sa-east-1", endpoint: nil, logger: Logger(label: "test"),
            readFile: { path in
                guard files else { return nil }
                if path.hasSuffix("/.aws/credentials") { return Self.credentialsFile }
                if path.hasSuffix("/.aws/config") { return Self.configFile }
                return nil
            }
        )
    }

    @Test("environment variables win over everything, session token included")
    func environment() async throws {
        let provider = try Self.chain([
            "AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", "AWS_SESSION_TOKEN": "TOK",
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/t", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r", "AWS_PROFILE": "deploy",
        ])
        #expect(provider.sourceName == "environment variables")
        #expect(try await provider.current() == AWSCredentials(accessKeyID: "AK", secretAccessKey: "SK", sessionToken: "TOK"))
    }

    @Test("web identity comes second, before any profile")
    func webIdentity() throws {
        let provider = try Self.chain([
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/worker", "AWS_PROFILE": "deploy",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x",
        ])
        #expect(provider.sourceName == "web identity (role arn:aws:iam::123456789012:role/worker)")
    }

    @Test("an empty AWS_ACCESS_KEY_ID falls through to the default profile's keys")
    func defaultProfile() async throws {
        let provider = try Self.chain(["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "x"])
        #expect(provider.sourceName == "profile 'default'")
        #expect(try await provider.current() == AWSCredentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "secret/default+key"))
    }

    @Test("role_arn with source_profile, also through a chain of profiles")
    func assumeRole() throws {
        #expect(try Self.chain(["AWS_PROFILE": "deploy"]).sourceName
            == "assumed role arn:aws:iam::123456789012:role/deploy (from profile 'base')")
        #expect(try Self.chain(["AWS_PROFILE": "chained"]).sourceName
            == "assumed role arn:aws:iam::123456789012:role/chained (from assumed role arn:aws:iam::123456789012:role/deploy (from profile 'base'))")
        #expect(try Self.chain(["AWS_PROFILE": "from-ec2"]).sourceName
            == "assumed role arn:aws:iam::123456789012:role/ec2 (from instance metadata (IMDSv2 at http://169.254.169.254))")
    }

    @Test("a profile's credential_process and web_identity_token_file")
    func processAndWebIdentityProfiles() throws {
        #expect(try Self.chain(["AWS_PROFILE": "tool"]).sourceName == "credential_process of profile 'tool'")
        #expect(try Self.chain(["AWS_PROFILE": "irsa"]).sourceName == "web identity (role arn:aws:iam::123456789012:role/irsa)")
    }

    @Test("a container endpoint comes after the profiles, then instance metadata")
    func remoteSources() throws {
        #expect(try Self.chain(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"], files: false).sourceName
            == "container endpoint http://169.254.170.2/v2/credentials/abc")
        #expect(try Self.chain(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials"], files: false).sourceName
            == "container endpoint http://169.254.170.23/v1/credentials")
        // The default profile exists in the files: it wins over the container.
        #expect(try Self.chain(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/x"]).sourceName == "profile 'default'")
        #expect(try Self.chain([:], files: false).sourceName == "instance metadata (IMDSv2 at http://169.254.169.254)")
        #expect(try Self.chain(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:8111"], files: false).sourceName
            == "instance metadata (IMDSv2 at http://127.0.0.1:8111)")
    }

    @Test("configuration errors are typed and say what to fix")
    func failures() {
        #expect(throws: AWSCredentialsError.profileNotFound(profile: "nope", files: ["/h/.aws/config", "/h/.aws/credentials"])) {
            try Self.chain(["HOME": "/h", "AWS_PROFILE": "nope"])
        }
        #expect(throws: AWSCredentialsError.invalidProfile(profile: "broken", reason: "aws_access_key_id without aws_secret_access_key")) {
            try Self.chain(["AWS_PROFILE": "broken"])
        }
        #expect(throws: AWSCredentialsError.invalidProfile(profile: "loop-b", reason: "source_profile 'loop-a' makes a loop")) {
            try Self.chain(["AWS_PROFILE": "loop-a"])
        }
        #expect(throws: AWSCredentialsError.invalidProfile(
            profile: "empty", reason: "has none of aws_access_key_id, role_arn, credential_process (SSO is not supported)")) {
            try Self.chain(["AWS_PROFILE": "empty"])
        }
        // Credentials are never sent in clear to an arbitrary host.
        #expect(throws: AWSCredentialsError.self) {
            try Self.chain(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://credentials.example.com/x"], files: false)
        }
        // Nothing configured and IMDS switched off: the error lists every source tried.
        let none = #expect(throws: AWSCredentialsError.self) {
            try Self.chain(["AWS_EC2_METADATA_DISABLED": "true"], files: false)
        }
        #expect(none?.description.hasPrefix("no AWS credentials: tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN") == true)
    }

    @Test("descriptions never show the secret")
    func redacted() {
        let text = "\(AWSCredentials(accessKeyID: "AK", secretAccessKey: "TOPSECRET", sessionToken: "TOK"))"
        #expect(!text.contains("TOPSECRET") && !text.contains("TOK)"))
        #expect(text.contains("AK"))
    }
}
