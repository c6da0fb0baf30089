import Foundation
import Logging

/// Where the AWS clients get the credentials each request is signed with: fixed keys, or
/// a source whose credentials expire and are refreshed ahead of it (`CredentialsRefresher`).
///
/// Build one with `chain(…)`, which picks the source the way the AWS SDKs do, or with
/// `fixed(_:)` for keys at hand (tests, the local stack).
package final class AWSCredentialsProvider: Sendable {
    private enum Storage: Sendable {
        case fixed(AWSCredentials)
        case refreshing(CredentialsRefresher)
    }

    private let storage: Storage
    /// Where the credentials come from, for the startup log.
    package let sourceName: String

    private init(storage: Storage, sourceName: String) {
        self.storage = storage
        self.sourceName = sourceName
    }

    /// Always the same keys.
    package static func fixed(_ credentials: AWSCredentials, sourceName: String = "static keys") -> AWSCredentialsProvider {
        AWSCredentialsProvider(storage: .fixed(credentials), sourceName: sourceName)
    }

    /// Credentials fetched from `source`, cached, refreshed `refreshAhead` before expiry.
    package static func refreshing(
        _ source: any CredentialsSource, refreshAhead: Duration = .seconds(300), logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> AWSCredentialsProvider {
        let refresher = CredentialsRefresher(source: source, refreshAhead: refreshAhead, logger: logger, now: now)
        return AWSCredentialsProvider(storage: .refreshing(refresher), sourceName: source.name)
    }

    /// The credentials to sign a request with now.
    ///
    /// - Throws: a retryable `AWSError` (`CredentialsUnavailable`) when none are valid and
    ///   the source cannot give new ones at the moment.
    package func current() async throws -> AWSCredentials {
        switch storage {
        case let .fixed(credentials): return credentials
        case let .refreshing(refresher): return try await refresher.current()
        }
    }

    /// `nil` while valid credentials are at hand; otherwise why not, for `/health`.
    package func problem() async -> String? {
        switch storage {
        case .fixed: return nil
        case let .refreshing(refresher): return await refresher.problem()
        }
    }
}
