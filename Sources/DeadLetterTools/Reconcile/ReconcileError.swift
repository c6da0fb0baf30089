import AWSClients
import Foundation

/// Why reconciliation could not read the AWS side, worded for the operator in one line.
/// (Kafka failures arrive as `DeadLetterToolError`, from the readers.)
package enum ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bucket does not exist (or this account cannot see it).
    case noSuchBucket(bucket: String, endpoint: String)
    /// The table does not exist in this region.
    case noSuchTable(table: String, endpoint: String)
    /// Any other AWS failure, by its description: unreachable endpoint, credentials, access.
    case aws(String)

    package var description: String {
        switch self {
        case let .noSuchBucket(bucket, endpoint):
            "bucket '\(bucket)' does not exist at \(endpoint)"
        case let .noSuchTable(table, endpoint):
            "table '\(table)' does not exist at \(endpoint)"
        case let .aws(message):
            message
        }
    }

    /// Classifies a failure met while listing `bucket` or scanning `table`.
    static func from(_ error: any Error, bucket: String? = nil, table: String? = nil, endpoint: String) -> ReconcileError {
        guard let aws = error as? AWSError else { return .aws("\(error)") }
        if aws.code == "NoSuchBucket", let bucket { return .noSuchBucket(bucket: bucket, endpoint: endpoint) }
        if aws.code == "ResourceNotFoundException", let table { return .noSuchTable(table: table, endpoint: endpoint) }
        return .aws(aws.description.replacingOccurrences(of: "\n", with: " "))
    }
}
