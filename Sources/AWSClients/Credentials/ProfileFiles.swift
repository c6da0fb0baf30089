import Foundation

/// The shared `config` and `credentials` files, merged per profile (the credentials
/// file's keys winning), and what each profile resolves to.
struct ProfileFiles {
    let chain: CredentialsChain
    let configPath: String
    let credentialsPath: String
    private let config: SharedCredentialsFile
    private let credentials: SharedCredentialsFile

    init(chain: CredentialsChain) {
        self.chain = chain
        let home = chain.value("HOME") ?? NSHomeDirectory()
        configPath = chain.value("AWS_CONFIG_FILE") ?? "\(home)/.aws/config"
        credentialsPath = chain.value("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials"
        config = SharedCredentialsFile(contents: chain.readFile(configPath) ?? "")
        credentials = SharedCredentialsFile(contents: chain.readFile(credentialsPath) ?? "")
    }

    /// The profile's settings, keys lower-cased; `nil` when neither file has it.
    func settings(of profile: String) -> [String: String]? {
        let fromConfig = config.profiles[profile], fromCredentials = credentials.profiles[profile]
        if fromConfig == nil, fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsFile in credentialsFile }
    }

    /// What `profile` says, in the SDKs' precedence: a role to assume (from web identity,
    /// a source profile or a credential source), else keys, else a credential process.
    func provider(for profile: String, visited: Set<String>) throws -> AWSCredentialsProvider {
        guard let settings = settings(of: profile) else {
            throw AWSCredentialsError.profileNotFound(profile: profile, files: [configPath, credentialsPath])
        }
        func setting(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        let sessionName = setting("role_session_name") ?? chain.sessionName

        if let role = setting("role_arn") {
            if let tokenFile = setting("web_identity_token_file") {
                return chain.refreshing(WebIdentityCredentialsSource(sts: chain.sts, tokenFile: tokenFile, roleARN: role, sessionName: sessionName))
            }
            let base = try roleBase(profile: profile, settings: settings, visited: visited)
            let duration = try setting("duration_seconds").map { text in
                guard let seconds = Int(text), seconds > 0 else {
                    throw AWSCredentialsError.invalidProfile(profile: profile, reason: "duration_seconds '\(text)' is not a number of seconds")
                }
                return seconds
            }
            return chain.refreshing(AssumeRoleCredentialsSource(
                sts: chain.sts, roleARN: role, sessionName: sessionName, externalID: setting("external_id"),
                durationSeconds: duration, base: base
            ))
        }
        if let key = setting("aws_access_key_id") {
            guard let secret = setting("aws_secret_access_key") else {
                throw AWSCredentialsError.invalidProfile(profile: profile, reason: "aws_access_key_id without aws_secret_access_key")
            }
            return .fixed(AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: setting("aws_session_token")),
                          sourceName: "profile '\(profile)'")
        }
        if let command = setting("credential_process") {
            return chain.refreshing(ProcessCredentialsSource(command: command, profile: profile))
        }
        throw AWSCredentialsError.invalidProfile(
            profile: profile, reason: "has none of aws_access_key_id, role_arn, credential_process (SSO is not supported)"
        )
    }

    /// The credentials a `role_arn` is assumed with: its `source_profile` or `credential_source`.
    private func roleBase(profile: String, settings: [String: String], visited: Set<String>) throws -> AWSCredentialsProvider {
        if let source = settings["source_profile"], !source.isEmpty {
            guard !visited.contains(source), visited.count < 8 else {
                throw AWSCredentialsError.invalidProfile(profile: profile, reason: "source_profile '\(source)' makes a loop")
            }
            // A source profile that is itself the same profile uses its keys, not its role.
            if source == profile {
                guard let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] else {
                    throw AWSCredentialsError.invalidProfile(profile: profile, reason: "is its own source_profile but has no keys")
                }
                return .fixed(AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"]),
                              sourceName: "profile '\(profile)'")
            }
            return try provider(for: source, visited: visited.union([profile]))
        }
        switch settings["credential_source"] {
        case "Environment":
            guard let provider = chain.environmentKeys() else {
                throw AWSCredentialsError.invalidProfile(profile: profile, reason: "credential_source Environment but AWS_ACCESS_KEY_ID is not set")
            }
            return provider
        case "EcsContainer":
            guard let provider = try chain.container() else {
                throw AWSCredentialsError.invalidProfile(profile: profile, reason: "credential_source EcsContainer but no AWS_CONTAINER_CREDENTIALS_* URI is set")
            }
            return provider
        case "Ec2InstanceMetadata":
            return chain.instanceMetadata()
        case let other?:
            throw AWSCredentialsError.invalidProfile(profile: profile, reason: "credential_source '\(other)' is not Environment, EcsContainer or Ec2InstanceMetadata")
        case nil:
            throw AWSCredentialsError.invalidProfile(profile: profile, reason: "role_arn without source_profile or credential_source")
        }
    }
}
