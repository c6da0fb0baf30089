import Hummingbird
import Logging

/// The one place errors become HTTP responses: every error thrown below it leaves as
/// `{"error": {"code": …, "message": …}}` with the code's status.
///
/// `QueryAPIError` is answered as it is; Hummingbird's own errors (no route, a body too
/// large) get the nearest stable code; anything else (a DynamoDB failure that escaped a
/// repository, a bug) is logged in full and answered with a generic `internal`, so no
/// internal name or trace reaches a client.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as QueryAPIError {
            return try Self.response(for: error, request: request, context: context)
        } catch let error as any HTTPResponseError {
            return try Self.response(for: translate(error, request: request), request: request, context: context)
        } catch let error as InvoiceRepositoryError {
            logger.error("invoice store failed", metadata: [
                "error": "\(error.underlying)", "http.path": "\(request.uri.path)",
            ])
            return try Self.response(for: .dynamoDBUnavailable, request: request, context: context)
        } catch {
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "http.path": "\(request.uri.path)"])
            return try Self.response(for: .internal, request: request, context: context)
        }
    }

    /// Hummingbird's errors carry a status and at most a framework message: keep the status
    /// class, replace the text.
    private func translate(_ error: any HTTPResponseError, request: Request) -> QueryAPIError {
        switch error.status {
        case .notFound: return .notFound
        case .methodNotAllowed: return QueryAPIError(.methodNotAllowed, "method not allowed")
        case .unauthorized: return .unauthorized
        default:
            logger.error("framework error", metadata: ["error": "\(error)", "http.path": "\(request.uri.path)"])
            return error.status.code >= 500 ? .internal : QueryAPIError(.badRequest, "the request is not understood")
        }
    }

    /// The JSON answer for `error`, with `Allow` on a 405 and `WWW-Authenticate` on a 401.
    static func response(for error: QueryAPIError, request: Request, context: Context) throws -> Response {
        var response = try ErrorBody(error).response(from: request, context: context)
        response.status = error.status
        switch error.code {
        case .methodNotAllowed: response.headers[.allow] = "GET"
        case .unauthorized: response.headers[.wwwAuthenticate] = #"APIKey header="X-API-Key""#
        default: break
        }
        return response
    }
}

/// The error envelope of every non-2xx answer.
struct ErrorBody: ResponseEncodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }

    var error: Detail

    init(_ error: QueryAPIError) {
        self.error = Detail(code: error.code.rawValue, message: error.message)
    }
}
