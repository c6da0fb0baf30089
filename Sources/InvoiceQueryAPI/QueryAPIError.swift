import Hummingbird

/// A request the API answers with an error: a stable machine-readable code, the HTTP
/// status that goes with it, and a message safe to show a client.
///
/// Handlers and middleware throw these; `ErrorResponseMiddleware` turns them (and every
/// other error) into `{"error": {"code": …, "message": …}}`. Messages never carry
/// internal names, stack traces or AWS error text: those go to the server log.
package struct QueryAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable codes clients can switch on (documented in `openapi.json`).
    package enum Code: String, Sendable, CaseIterable {
        case invalidAccessKey = "invalid_access_key"
        case invalidCustomerDocument = "invalid_customer_document"
        case invalidLimit = "invalid_limit"
        case invalidCursor = "invalid_cursor"
        case invalidDate = "invalid_date"
        /// A request the framework rejected before any handler saw it.
        case badRequest = "bad_request"
        case unauthorized
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case dynamoDBUnavailable = "dynamodb_unavailable"
        case `internal`

        /// The HTTP status each code is sent with.
        package var status: HTTPResponse.Status {
            switch self {
            case .invalidAccessKey, .invalidCustomerDocument, .invalidLimit, .invalidCursor, .invalidDate, .badRequest:
                .badRequest
            case .unauthorized: .unauthorized
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .dynamoDBUnavailable: .serviceUnavailable
            case .internal: .internalServerError
            }
        }
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var status: HTTPResponse.Status { code.status }

    package var description: String { "\(code.rawValue): \(message)" }

    // MARK: - The fixed answers

    static let unauthorized = QueryAPIError(.unauthorized, "a valid API key is required in the X-API-Key header")
    static let dynamoDBUnavailable = QueryAPIError(.dynamoDBUnavailable, "the invoice store is unavailable; retry later")
    static let `internal` = QueryAPIError(.internal, "internal error")
    static let notFound = QueryAPIError(.notFound, "no such resource")
}
