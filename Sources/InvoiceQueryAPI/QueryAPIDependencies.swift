import AWSClients
import Logging
import Prometheus

/// What the API needs besides its configuration, passed in so that tests choose each
/// piece: the invoice store, the key ring, the metrics registry, the OpenAPI document.
public struct QueryAPIDependencies: Sendable {
    public var repository: any InvoiceRepository
    public var keys: APIKeyRing
    public var registry: PrometheusCollectorRegistry
    public var openAPI: OpenAPIDocument
    public var logger: Logger

    public init(
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
    public init(
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
