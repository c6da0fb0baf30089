import HTTPTypes
import Hummingbird

/// Lets a request through only with an accepted key in `X-API-Key`; otherwise
/// `401 unauthorized`, the same answer whether the key is missing or wrong.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("X-API-Key")! }

    let keys: APIKeyRing

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = request.headers[Self.headerName], !key.isEmpty, await keys.accepts(key) else {
            throw QueryAPIError.unauthorized
        }
        return try await next(request, context)
    }
}
