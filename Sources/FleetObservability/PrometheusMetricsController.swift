import Hummingbird
import Prometheus

/// Adds `GET /metrics` (Prometheus text format) to a router, so that every component's
/// HTTP server serves its metrics the same way: `OperationsServer` for the worker and
/// relay, the query API's own router for the API.
package struct PrometheusMetricsController<Context: RequestContext>: Sendable {
    package let registry: PrometheusCollectorRegistry

    package init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Adds the route to `router` (a `Router` or a `RouterGroup`).
    package func addRoutes(to router: some RouterMethods<Context>) {
        router.get("metrics") { [registry] _, _ -> Response in
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
    }
}
