import Logging
import ServiceLifecycle
import UnixSignals

/// What a long-running command runs: its services in dependency order (each depends on
/// those before it), in one `ServiceGroup` that shuts them down in reverse order.
///
/// Built by a component's `build…` function, which `main` and the tests share. A
/// `Service` itself, so that tests can run several in one group.
package struct ComponentProcess: Service {
    package var services: [ServiceGroupConfiguration.ServiceConfiguration]
    package var logger: Logger
    /// The signals that start a graceful shutdown; tests that nest processes give none.
    package var signals: [UnixSignal]

    package init(
        services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger,
        signals: [UnixSignal] = [.sigterm, .sigint]
    ) {
        self.services = services
        self.logger = logger
        self.signals = signals
    }

    /// Runs until the last service (the component itself) ends, a signal, or the
    /// graceful shutdown of an enclosing group.
    package func run() async throws {
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: signals, logger: logger))
        try await group.run()
    }
}
