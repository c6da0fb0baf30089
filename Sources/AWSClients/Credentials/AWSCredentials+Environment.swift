import Foundation

extension AWSCredentials {
    /// Loads credentials the way the AWS CLI does, minus SSO and instance roles:
    ///
    /// 1. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (with `AWS_SESSION_TOKEN` if set);
    /// 2. else the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default
    ///    `~/.aws/credentials`), profile `AWS_PROFILE`, default `default`.
    ///
    /// - Parameters:
    ///   - environment: The variables to read. Default: the process's environment.
    ///   - readFile: Reads the credentials file; `nil` when it does not exist. Injectable for tests.
    /// - Throws: `AWSCredentialsError` when neither source has them.
    package static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) throws -> AWSCredentials {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        if let accessKey = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") {
            return AWSCredentials(accessKeyID: accessKey, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
        }
        let profile = value("AWS_PROFILE") ?? "default"
        let home = value("HOME") ?? NSHomeDirectory()
        let path = value("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials"
        guard let contents = readFile(path),
              let settings = SharedCredentialsFile(contents: contents).profiles[profile]
        else { throw AWSCredentialsError.notFound(profile: profile, credentialsFile: path) }
        guard let accessKey = settings["aws_access_key_id"], !accessKey.isEmpty,
              let secret = settings["aws_secret_access_key"], !secret.isEmpty
        else { throw AWSCredentialsError.incompleteProfile(profile: profile, credentialsFile: path) }
        let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: accessKey, secretAccessKey: secret, sessionToken: token)
    }
}
