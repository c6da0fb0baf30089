import Hummingbird

/// Answers `405 method_not_allowed` (with `Allow: GET`) for the methods a path does not
/// serve, where Hummingbird's router would answer 404 as if the path did not exist.
enum UnsupportedMethods {
    /// Every method an HTTP client may send that the API does not serve.
    static let rejected: [HTTPRequest.Method] = [.post, .put, .delete, .patch, .trace, .connect, HTTPRequest.Method("QUERY")!]

    static func reject<Context: RequestContext>(paths: [RouterPath], on router: some RouterMethods<Context>) {
        for path in paths {
            for method in rejected {
                router.on(path, method: method) { _, _ -> Response in
                    throw QueryAPIError(.methodNotAllowed, "only GET is served here")
                }
            }
        }
    }
}
