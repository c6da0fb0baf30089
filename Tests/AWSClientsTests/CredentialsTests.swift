import AWSClients
import Testing

@Suite("AWSCredentials loading")
struct CredentialsTests {
    static let file = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secret/default+key

        [ci]
        aws_access_key_id=AKIDCI
        aws_secret_access_key=ci-secret
        aws_session_token = token==
        ; another comment
        [broken]
        aws_access_key_id = only
        """

    @Test("environment variables win, session token included")
    func environment() throws {
        let credentials = try AWSCredentials.fromEnvironment(
            ["AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", "AWS_SESSION_TOKEN": "TOK"],
            readFile: { _ in Self.file }
        )
        #expect(credentials == AWSCredentials(accessKeyID: "AK", secretAccessKey: "SK", sessionToken: "TOK"))
    }

    @Test("the default profile of ~/.aws/credentials")
    func defaultProfile() throws {
        let paths = LockedBox<[String]>([])
        let credentials = try AWSCredentials.fromEnvironment(["HOME": "/home/me"]) { path in
            paths.withLock { $0.append(path) }
            return Self.file
        }
        #expect(paths.withLock { $0 } == ["/home/me/.aws/credentials"])
        #expect(credentials == AWSCredentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "secret/default+key"))
    }

    @Test("AWS_PROFILE and AWS_SHARED_CREDENTIALS_FILE")
    func namedProfile() throws {
        let credentials = try AWSCredentials.fromEnvironment(
            ["AWS_PROFILE": "ci", "AWS_SHARED_CREDENTIALS_FILE": "/etc/creds"],
            readFile: { $0 == "/etc/creds" ? Self.file : nil }
        )
        #expect(credentials == AWSCredentials(accessKeyID: "AKIDCI", secretAccessKey: "ci-secret", sessionToken: "token=="))
    }

    @Test("missing and incomplete profiles are typed errors")
    func failures() {
        #expect(throws: AWSCredentialsError.notFound(profile: "nope", credentialsFile: "/h/.aws/credentials")) {
            try AWSCredentials.fromEnvironment(["HOME": "/h", "AWS_PROFILE": "nope"], readFile: { _ in Self.file })
        }
        #expect(throws: AWSCredentialsError.notFound(profile: "default", credentialsFile: "/h/.aws/credentials")) {
            try AWSCredentials.fromEnvironment(["HOME": "/h"], readFile: { _ in nil })
        }
        #expect(throws: AWSCredentialsError.incompleteProfile(profile: "broken", credentialsFile: "/h/.aws/credentials")) {
            try AWSCredentials.fromEnvironment(["HOME": "/h", "AWS_PROFILE": "broken"], readFile: { _ in Self.file })
        }
    }

    @Test("an empty AWS_ACCESS_KEY_ID falls through to the file")
    func emptyVariable() throws {
        let credentials = try AWSCredentials.fromEnvironment(
            ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "x", "HOME": "/h"], readFile: { _ in Self.file }
        )
        #expect(credentials.accessKeyID == "AKIDDEFAULT")
    }

    @Test("descriptions never show the secret")
    func redacted() {
        let text = "\(AWSCredentials(accessKeyID: "AK", secretAccessKey: "TOPSECRET", sessionToken: "TOK"))"
        #expect(!text.contains("TOPSECRET") && !text.contains("TOK)"))
        #expect(text.contains("AK"))
    }
}
