import FleetObservability
import FleetRuntime
import Logging

/// The API process: the AWS clients, then the application on the configured table and keys.
///
/// - Throws: `APIKeyRing.ConfigurationError` for unusable key settings; an error when the
///   bundled OpenAPI document is missing.
package func buildQueryAPIProcess(configuration: QueryAPIConfiguration, logger: Logger) async throws -> ComponentProcess {
    let registry = OperationsServer.bootstrapMetrics()
    let aws = try AWSEnvironment(settings: configuration.stack, logger: logger)
    let dependencies: QueryAPIDependencies
    do {
        dependencies = try QueryAPIDependencies(configuration: configuration, dynamo: aws.dynamo, registry: registry, logger: logger)
    } catch {
        await aws.shutdown()
        throw error
    }
    if configuration.cursorSecret == nil {
        logger.warning("API_CURSOR_SECRET is not set: cursors are signed with a random secret and work only against this process")
    }
    let keyCount = await dependencies.keys.count
    logger.info("query API starting", metadata: [
        "address": "\(configuration.host):\(configuration.port)", "table": "\(configuration.stack.table)",
        "keys": "\(keyCount)", "aws.credentials.source": "\(aws.configuration.credentials.sourceName)",
    ])
    let app = buildApplication(configuration: configuration, dependencies: dependencies)
    return ComponentProcess(services: [.init(service: aws), .init(service: app)], logger: logger)
}
