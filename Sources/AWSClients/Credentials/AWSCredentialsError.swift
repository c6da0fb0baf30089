/// Why no credentials could be loaded.
package enum AWSCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither the environment variables nor the shared credentials file provide them.
    case notFound(profile: String, credentialsFile: String)
    /// The profile exists in the file but lacks `aws_access_key_id` or `aws_secret_access_key`.
    case incompleteProfile(profile: String, credentialsFile: String)

    package var description: String {
        switch self {
        case let .notFound(profile, file):
            "no AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set and profile '\(profile)' is not in \(file)"
        case let .incompleteProfile(profile, file):
            "profile '\(profile)' in \(file) lacks aws_access_key_id or aws_secret_access_key"
        }
    }
}
