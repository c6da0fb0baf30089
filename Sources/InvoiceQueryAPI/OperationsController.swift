import FleetObservability
import Hummingbird
import Logging
import Prometheus

/// The unauthenticated routes: `/health` for load balancers, `/metrics` for Prometheus
/// (both carry no invoice data) and `/openapi.json`, the API's own description.
struct OperationsController<Context: RequestContext>: Sendable {
    let health: HealthProbe
    let registry: PrometheusCollectorRegistry
    let openAPI: OpenAPIDocument
    let logger: Logger

    func addRoutes(to router: Router<Context>) {
        router.get("health", use: healthCheck)
        PrometheusMetricsController<Context>(registry: registry, health: { [health] in await health.problem() }).addRoutes(to: router)
        router.get("openapi.json") { _, _ in openAPI.response() }
    }

    /// `200 {"status":"ok"}` when `DescribeTable` answers ACTIVE; otherwise
    /// `503 dynamodb_unavailable` (the reason is logged, not shown).
    @Sendable func healthCheck(_ request: Request, context: Context) async throws -> HealthDocument {
        if let problem = await health.problem() {
            logger.warning("health check failed", metadata: ["reason": "\(problem)"])
            throw QueryAPIError.dynamoDBUnavailable
        }
        return HealthDocument(status: "ok")
    }
}

/// The body of a healthy `/health`.
struct HealthDocument: ResponseEncodable {
    var status: String
}
