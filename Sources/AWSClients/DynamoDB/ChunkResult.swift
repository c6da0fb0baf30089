/// What one `BatchWriter` request (with its retries) produced, merged into the report by
/// the task that owns it, so concurrent requests share no mutable state.
struct ChunkResult: Sendable {
    var outcomes: [(index: Int, outcome: BatchWriteReport.Outcome)] = []
    var requests = 0
    var retries = 0
    var unprocessedRetries = 0
    var throttledRequests = 0

    mutating func fail(_ entries: [BatchPlan.Entry], with error: AWSError) {
        outcomes += entries.map { ($0.index, .failed(error)) }
    }

    func merging(_ other: ChunkResult) -> ChunkResult {
        var merged = self
        merged.outcomes += other.outcomes
        merged.requests += other.requests
        merged.retries += other.retries
        merged.unprocessedRetries += other.unprocessedRetries
        merged.throttledRequests += other.throttledRequests
        return merged
    }

    func apply(to report: inout BatchWriteReport) {
        for (index, outcome) in outcomes { report.outcomes[index] = outcome }
        report.requests += requests
        report.retries += retries
        report.unprocessedRetries += unprocessedRetries
        report.throttledRequests += throttledRequests
    }
}
