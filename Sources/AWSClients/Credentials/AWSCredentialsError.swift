/// Why the credential chain found no credentials, or a source could not hand them out.
package enum AWSCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No source of the chain is configured; `tried` names each, in order.
    case notFound(tried: [String])
    /// `AWS_PROFILE` (or a `source_profile`) names a profile that neither file has.
    case profileNotFound(profile: String, files: [String])
    /// The profile exists but says nothing the chain can use, or says it wrongly.
    case invalidProfile(profile: String, reason: String)
    /// A source's configuration is unusable (e.g. a container URI on a host it must not use).
    case invalidConfiguration(String)
    /// A source answered, but not with credentials (a malformed document, a failed process).
    case invalidResponse(source: String, reason: String)

    package var description: String {
        switch self {
        case let .notFound(tried):
            "no AWS credentials: tried \(tried.joined(separator: ", "))"
        case let .profileNotFound(profile, files):
            "AWS profile '\(profile)' is in neither \(files.joined(separator: " nor "))"
        case let .invalidProfile(profile, reason):
            "AWS profile '\(profile)': \(reason)"
        case let .invalidConfiguration(reason):
            "AWS credentials: \(reason)"
        case let .invalidResponse(source, reason):
            "AWS credentials from \(source): \(reason)"
        }
    }
}
