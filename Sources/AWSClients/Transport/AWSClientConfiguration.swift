import Foundation
import NIOCore

/// Where and how the AWS clients connect: region, credentials, an optional endpoint
/// override (the local stack), timeouts.
package struct AWSClientConfiguration: Sendable {
    /// How S3 requests name the bucket.
    package enum S3AddressingStyle: Sendable, Equatable {
        /// `https://endpoint/bucket/key`: what local stacks such as moto need.
        case path
        /// `https://bucket.s3.region.amazonaws.com/key`: what AWS prefers.
        case virtualHosted
    }

    /// The region requests are signed for and sent to. Default in the fleet: `us-east-1`.
    package var region: String
    /// Where each request's credentials come from (fixed keys, or refreshed ones).
    package var credentials: AWSCredentialsProvider
    /// One endpoint for every service (e.g. `http://127.0.0.1:5000` for moto); `nil`
    /// means the public AWS endpoints of `region`. Default: `nil`.
    package var endpoint: URL?
    /// Time allowed for one request, body included. Long polls add their wait to it.
    /// Default: 30 seconds.
    package var requestTimeout: TimeAmount = .seconds(30)
    /// Default: `.path` when `endpoint` is set, `.virtualHosted` otherwise.
    package var s3AddressingStyle: S3AddressingStyle

    /// With fixed keys.
    package init(
        region: String,
        credentials: AWSCredentials,
        endpoint: URL? = nil,
        requestTimeout: TimeAmount = .seconds(30),
        s3AddressingStyle: S3AddressingStyle? = nil
    ) {
        self.init(region: region, credentials: .fixed(credentials), endpoint: endpoint,
                  requestTimeout: requestTimeout, s3AddressingStyle: s3AddressingStyle)
    }

    package init(
        region: String,
        credentials: AWSCredentialsProvider,
        endpoint: URL? = nil,
        requestTimeout: TimeAmount = .seconds(30),
        s3AddressingStyle: S3AddressingStyle? = nil
    ) {
        self.region = region
        self.credentials = credentials
        self.endpoint = endpoint
        self.requestTimeout = requestTimeout
        self.s3AddressingStyle = s3AddressingStyle ?? (endpoint == nil ? .virtualHosted : .path)
    }

    /// The base URL of `service` (its endpoint prefix, e.g. `sqs`, `dynamodb`, `s3`).
    package func endpoint(forService service: String) -> URL {
        if let endpoint { return endpoint }
        return URL(string: "https://\(service).\(region).amazonaws.com")!
    }
}
