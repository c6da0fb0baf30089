/// Whether the invoice store answers, asked at most once per `cacheDuration` however
/// often load balancers probe.
actor HealthProbe {
    private let repository: any InvoiceRepository
    private let cacheDuration: Duration
    private var verdict: (at: ContinuousClock.Instant, problem: String?)?

    init(repository: any InvoiceRepository, cacheDuration: Duration) {
        self.repository = repository
        self.cacheDuration = cacheDuration
    }

    /// `nil` when healthy, otherwise why not (for the log, not for clients).
    func problem() async -> String? {
        let now = ContinuousClock.now
        if let verdict, now - verdict.at < cacheDuration { return verdict.problem }
        let problem = await repository.unavailability()
        verdict = (now, problem)
        return problem
    }
}
