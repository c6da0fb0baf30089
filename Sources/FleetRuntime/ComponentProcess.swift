import Logging
import ServiceLifecycle

/// What a long-running command runs: its services in dependency order (each depends on
/// those before it), in one `ServiceGroup` that shuts them down in reverse order on
/// SIGTERM or SIGINT.
///
/// Built by a component's `build…` function, which `main` and the tests share.
public struct ComponentProcess: Sendable {
    public var services: [ServiceGroupConfiguration.ServiceConfiguration]
    public var logger: Logger

    public init(services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Runs until the last service (the component itself) ends, or a signal.
    public func run() async throws {
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        try await group.run()
    }
}
