import AWSSigV4
import Foundation

/// Credentials as a source hands them out: with the time they stop working, if any.
package struct ExpiringCredentials: Sendable, Equatable {
    package var credentials: AWSCredentials
    /// `nil` for long-term keys, which do not expire.
    package var expiration: Date?

    package init(_ credentials: AWSCredentials, expiration: Date? = nil) {
        self.credentials = credentials
        self.expiration = expiration
    }
}

/// One place credentials come from: environment variables, STS, a container endpoint,
/// the instance metadata service, a profile's `credential_process`.
///
/// `fetch` is called once at first use and again ahead of each expiry, never twice at
/// the same time (see `CredentialsRefresher`).
package protocol CredentialsSource: Sendable {
    /// What the logs and errors call the source, e.g. `web identity (role arn:aws:iam::1:role/worker)`.
    var name: String { get }
    func fetch() async throws -> ExpiringCredentials
}

/// A source that always hands out the same long-term keys.
struct FixedCredentialsSource: CredentialsSource {
    let name: String
    let credentials: AWSCredentials

    func fetch() async throws -> ExpiringCredentials { ExpiringCredentials(credentials) }
}
