import Hummingbird
import Metrics
import Prometheus

/// Adds `GET /metrics` (Prometheus text format) to a router, so that every component's
/// HTTP server serves its metrics the same way: `OperationsServer` for the worker and
/// relay, the query API's own router for the API.
package struct PrometheusMetricsController<Context: RequestContext>: Sendable {
    package let registry: PrometheusCollectorRegistry
    /// What `/health` would answer (`nil`: healthy), asked at each scrape to set the gauge
    /// `component_healthy` (1 or 0), so that alerts see a component that is up but unwell.
    package let health: (@Sendable () async -> String?)?

    package init(registry: PrometheusCollectorRegistry, health: (@Sendable () async -> String?)? = nil) {
        self.registry = registry
        self.health = health
    }

    /// Adds the route to `router` (a `Router` or a `RouterGroup`).
    package func addRoutes(to router: some RouterMethods<Context>) {
        let healthy = health.map { _ in Gauge(label: "component_healthy") }
        router.get("metrics") { [registry, health] _, _ -> Response in
            if let health, let healthy { healthy.record(await health() == nil ? 1 : 0) }
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
    }
}
