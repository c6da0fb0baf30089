import Hummingbird
import Logging

/// Builds the query API: used by `invoice-fleet api` and by the tests alike.
///
/// Routes: `GET /invoices/{accessKey}` and `GET /customers/{document}/invoices` behind
/// the API key; `GET /health`, `/metrics` and `/openapi.json` open (they carry no invoice
/// data, and probes and scrapers hold no keys). Every error leaves through
/// `ErrorResponseMiddleware` as JSON.
///
/// - Parameters:
///   - configuration: Host, port, page sizes, cursor secret.
///   - dependencies: Store, keys, metrics registry, OpenAPI document, logger.
/// - Returns: The application, a `Service` to run in a `ServiceGroup` (or `runService()`).
package func buildApplication(
    configuration: QueryAPIConfiguration, dependencies: QueryAPIDependencies
) -> some ApplicationProtocol {
    let logger = dependencies.logger
    let router = Router(context: BasicRequestContext.self)
    // Metrics outermost, so that they count the statuses clients really got.
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorResponseMiddleware(logger: logger))

    OperationsController<BasicRequestContext>(
        health: HealthProbe(repository: dependencies.repository, cacheDuration: configuration.healthCacheDuration),
        registry: dependencies.registry, openAPI: dependencies.openAPI, logger: logger
    ).addRoutes(to: router)
    UnsupportedMethods.reject(paths: ["health", "metrics", "openapi.json"], on: router)

    let authenticated = router.group().add(middleware: APIKeyMiddleware(keys: dependencies.keys))
    InvoiceController<BasicRequestContext>(
        repository: dependencies.repository, cursor: PageCursor(secret: configuration.cursorSecret),
        defaultPageSize: configuration.defaultPageSize, maxPageSize: configuration.maxPageSize, logger: logger
    ).addRoutes(to: authenticated)
    UnsupportedMethods.reject(paths: ["invoices/:accessKey", "customers/:document/invoices"], on: authenticated)

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
}
