import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Serves `/metrics` (Prometheus text format) and `/health` for a long-running component.
package struct OperationsServer: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameters:
    ///   - port: TCP port on all interfaces; 0 picks a free one.
    ///   - registry: Where the process's metrics are collected.
    ///   - health: Says whether the component can do its work; `nil` means healthy,
    ///     otherwise the reason it cannot (served with status 503).
    package init(
        port: Int, registry: PrometheusCollectorRegistry, logger: Logger,
        health: @escaping @Sendable () async -> String? = { nil }
    ) {
        let router = Router()
        PrometheusMetricsController<BasicRequestContext>(registry: registry, health: health).addRoutes(to: router)
        router.get("health") { _, _ -> Response in
            if let problem = await health() {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"unhealthy\",\"reason\":\(jsonString(problem))}")))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}")))
        }
        application = Application(
            router: router,
            configuration: .init(address: .hostname("0.0.0.0", port: port), serverName: nil),
            logger: logger
        )
    }

    package func run() async throws {
        try await application.run()
    }

    /// Makes swift-metrics report into a fresh Prometheus registry, once per process.
    package static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}

private func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: if scalar.value < 0x20 { out += " " } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out + "\""
}
