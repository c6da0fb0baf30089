/// A failed AWS request: an error the service returned, a transport failure, or a
/// response that could not be understood.
///
/// `code` is the service's error code (`NoSuchKey`, `ResourceNotFoundException`,
/// `ProvisionedThroughputExceededException`, `SignatureDoesNotMatch`, …) or, for
/// failures that never reached a service, one of ours: `ConnectionRefused`, `Timeout`,
/// `ConnectionClosed`, `TransportError`, `InvalidResponse`, `Cancelled`,
/// `UnprocessedItems` (see `BatchWriter`). Whether to retry is the caller's decision; `isRetryable` says
/// whether a retry can succeed.
package struct AWSError: Error, Sendable, CustomStringConvertible {
    /// Where the failure happened, which decides most of `isRetryable`.
    package enum Kind: Sendable, Equatable {
        /// The service answered with an error.
        case service
        /// The request did not get an answer: connection refused, reset, timed out.
        case transport
        /// The service answered with something this client cannot parse.
        case invalidResponse
        /// Rejected before sending (e.g. too many entries for one batch).
        case invalidRequest
    }

    package var kind: Kind
    /// The error code, without any `namespace#` prefix.
    package var code: String
    package var message: String
    /// The service, as people name it: `S3`, `SQS`, `DynamoDB`.
    package var service: String
    /// The HTTP status; `nil` when no response arrived.
    package var statusCode: Int?
    /// The request id to quote to AWS support (`x-amzn-requestid` / `x-amz-request-id`).
    package var requestID: String?
    /// SQS's query-protocol code from `x-amzn-query-error`, e.g.
    /// `AWS.SimpleQueueService.NonExistentQueue`, for code written against the old protocol.
    package var queryErrorCode: String?
    /// The endpoint the request went to.
    package var endpoint: String?
    /// The body (up to 4 KiB) when it could not be parsed as an AWS error.
    package var rawBody: String?

    package init(
        kind: Kind, code: String, message: String, service: String, statusCode: Int? = nil,
        requestID: String? = nil, queryErrorCode: String? = nil, endpoint: String? = nil, rawBody: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.service = service
        self.statusCode = statusCode
        self.requestID = requestID
        self.queryErrorCode = queryErrorCode
        self.endpoint = endpoint
        self.rawBody = rawBody
    }

    /// Whether the same request may succeed later: throttling, server errors, timeouts
    /// and connection failures are; validation, authentication, missing resources and
    /// other 4xx answers are not.
    package var isRetryable: Bool {
        switch kind {
        case .transport: return true
        case .invalidRequest, .invalidResponse: return false
        case .service:
            if isThrottling || Self.transientCodes.contains(code) { return true }
            guard let statusCode else { return false }
            return statusCode >= 500 || statusCode == 429
        }
    }

    /// Whether the service asked the caller to slow down.
    package var isThrottling: Bool {
        kind == .service && (Self.throttlingCodes.contains(code) || statusCode == 429)
    }

    package var description: String {
        switch kind {
        case .transport:
            return "cannot reach \(service)\(endpoint.map { " at \($0)" } ?? ""): \(message)"
        default:
            var context = [statusCode.map { "HTTP \($0)" }, requestID.map { "request id \($0)" }].compactMap { $0 }
            if let queryErrorCode { context.append(queryErrorCode) }
            let suffix = context.isEmpty ? "" : " (\(context.joined(separator: ", ")))"
            let body = rawBody.map { ": body \($0.prefix(200))" } ?? ""
            return "\(service) \(code)\(suffix): \(message)\(body)"
        }
    }

    // MARK: - Code lists

    /// Codes by which AWS services say "slow down" (the AWS SDKs' shared list).
    package static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        "AWS.SimpleQueueService.RequestThrottled",
    ]

    /// Codes of transient failures that arrive with a 4xx status.
    package static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException",
        // Ours: DynamoDB kept leaving items unprocessed until BatchWriter's attempts ran out.
        "UnprocessedItems",
    ]
}

extension AWSError {
    /// A request that was never sent because it is invalid.
    static func invalidRequest(_ service: String, code: String = "ValidationException", _ message: String) -> AWSError {
        AWSError(kind: .invalidRequest, code: code, message: message, service: service)
    }
}
