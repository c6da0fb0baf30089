import Logging
import ServiceLifecycle
import UnixSignals

/// What a long-running command runs: its services in dependency order (each depends on
/// those before it), in one `ServiceGroup` that shuts them down in reverse order.
///
/// Built by a component's `build…` function, which `main` and the tests share. A
/// `Service` itself, so that tests can run several in one group.
public struct ComponentProcess: Service {
    public var services: [ServiceGroupConfiguration.ServiceConfiguration]
    public var logger: Logger
    /// The signals that start a graceful shutdown; tests that nest processes give none.
    public var signals: [UnixSignal]

    public init(
        services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger,
        signals: [UnixSignal] = [.sigterm, .sigint]
    ) {
        self.services = services
        self.logger = logger
        self.signals = signals
    }

    /// Runs until the last service (the component itself) ends, a signal, or the
    /// graceful shutdown of an enclosing group.
    public func run() async throws {
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: signals, logger: logger))
        try await group.run()
    }
}
