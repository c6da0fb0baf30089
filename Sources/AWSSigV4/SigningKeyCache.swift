import Crypto
import Foundation

/// Remembers the signing key of the latest day and secret, shared by every copy of one signer.
///
/// Deriving the key takes four HMACs; a signer signs thousands of requests a day with the
/// same one. Only the latest day is kept: requests are signed with the current time, so
/// an older key is needed at most for a few requests around midnight UTC.
///
/// `@unchecked Sendable`: the only mutable state, `entry`, is read and written while
/// holding `lock`, so concurrent signers sharing the cache cannot race. (`Mutex` from the
/// Synchronization module would say this to the compiler, but needs macOS 15 while the
/// package supports macOS 14.)
final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entry: (day: String, secret: String, key: SymmetricKey)?

    /// The key for `day` (`yyyyMMdd`) and `secret`, derived with `derive` only when the
    /// cache holds another day or another secret (credentials that were refreshed).
    func key(for day: String, secret: String, derive: (String) -> SymmetricKey) -> SymmetricKey {
        lock.lock()
        defer { lock.unlock() }
        if let entry, entry.day == day, entry.secret == secret {
            return entry.key
        }
        let key = derive(day)
        entry = (day, secret, key)
        return key
    }
}
