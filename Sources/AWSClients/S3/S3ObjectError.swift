/// The S3 read failures a caller handles differently from other `AWSError`s: both are
/// permanent for that object, and neither says anything about S3's health.
package enum S3ObjectError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The object does not exist (deleted, or never written). S3 code `NoSuchKey`.
    case noSuchKey(bucket: String, key: String)
    /// The object is larger than the caller's limit; reading stopped at once.
    /// `size` is the `Content-Length` when S3 sent one, else the bytes received before
    /// stopping (a lower bound).
    case objectTooLarge(size: Int, limit: Int)
    /// The object was overwritten since the version asked for (`If-Match` failed: S3 code
    /// `PreconditionFailed`). That version is gone; the newer one has its own event.
    case versionReplaced(bucket: String, key: String, eTag: String)

    package var description: String {
        switch self {
        case let .noSuchKey(bucket, key): "S3 object s3://\(bucket)/\(key) does not exist"
        case let .objectTooLarge(size, limit): "S3 object of \(size) bytes exceeds the limit of \(limit) bytes"
        case let .versionReplaced(bucket, key, eTag): "S3 object s3://\(bucket)/\(key) is no longer version \(eTag): it was overwritten"
        }
    }
}
