import AWSClients
import Logging
import Prometheus

/// What the API needs besides its configuration, passed in so that tests choose each
/// piece: the invoice store, the key ring, the metrics registry, the OpenAPI document.
package struct QueryAPIDependencies: Sendable {
    package var repository: any InvoiceRepository
    package var keys: APIKeyRing
    package var registry: PrometheusCollectorRegistry
    package var openAPI: OpenAPIDocument
    package var logger: Logger

    package init(
        repository: any InvoiceRepository, keys: APIKeyRing, registry: PrometheusCollectorRegistry,
        openAPI: OpenAPIDocument, logger: Logger
    ) {
        self.repository = repository
        self.keys = keys
        self.registry = registry
        self.openAPI = openAPI
        self.logger = logger
    }

    /// The production wiring: the configured table through `dynamo`, the configured keys,
    /// the bundled OpenAPI document.
    ///
    /// - Throws: `APIKeyRing.ConfigurationError` for unusable key settings; an error when
    ///   the OpenAPI resource is missing.
    package init(
        configuration: QueryAPIConfiguration, dynamo: DynamoDBClient, registry: PrometheusCollectorRegistry, logger: Logger
    ) throws {
        self.init(
            repository: DynamoInvoiceRepository(dynamo: dynamo, table: configuration.stack.table),
            keys: try APIKeyRing(
                hashes: configuration.apiKeyHashes, file: configuration.apiKeysFile,
                reloadInterval: configuration.apiKeysReloadInterval, logger: logger
            ),
            registry: registry, openAPI: try OpenAPIDocument.bundled(), logger: logger
        )
    }
}
