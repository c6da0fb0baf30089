import AWSClients
import FleetContracts
import FleetRuntime
import Foundation
import InvoiceDomain
import InvoiceGenerator
import InvoicePipeline

/// What the local stack can serve of the requests one staged run needs, measured by
/// sending exactly those requests from this process, through the fleet's own HTTP client
/// and AWS clients, at the worker's concurrencies, with no Kafka, validation or
/// publishing in between: the ceiling a worker's throughput is judged against.
///
/// Per invoice a worker reads its object (GetObject, If-Match), looks up the stored
/// identity (BatchGetItem, 100 keys a request) and writes it on its condition (PutItem);
/// the phases here run one after the other, as a batch's do.
package struct StackCeiling: Sendable {
    package struct Phase: Sendable {
        package var requests: Int
        package var seconds: Double
        package var perSecond: Double { Double(requests) / max(seconds, 0.000_001) }
    }

    package var getObject: Phase
    package var batchGetItem: Phase
    package var putItem: Phase
    /// Unconditional `BatchWriteItem` of the same items, for reference: what the identity
    /// rule's conditional writes cost against the cheapest way to store.
    package var batchWriteItem: Phase
    /// Every GetObject and every PutItem again, both at once (into a second table), as a
    /// worker that reads one batch while it writes another sends them.
    package var overlapped: Phase
    package var invoices: Int

    /// Invoices per second if the stack served one run's requests phase after phase.
    package var sequentialInvoicesPerSecond: Double {
        Double(invoices) / (getObject.seconds + batchGetItem.seconds + putItem.seconds)
    }

    /// Invoices per second with reads and writes overlapped (the identity reads, one per
    /// 100 invoices, added from their own phase): the ceiling a worker is judged against.
    package var invoicesPerSecond: Double {
        Double(invoices) / (overlapped.seconds + batchGetItem.seconds)
    }

    /// Sends the run's requests. The writes go to the scratch tables (which must exist and
    /// be empty), never to the table the workers write.
    package static func measure(
        files: [GeneratedFile], bucket: String, scratchTables: (String, String), aws: AWSEnvironment,
        fetchConcurrency: Int, writeConcurrency: Int, maxFileSize: Int
    ) async throws -> StackCeiling {
        let s3 = aws.s3
        let scratchTable = scratchTables.0
        let store = DynamoIdentityStore(client: aws.dynamo, table: scratchTable)
        let validator = InvoiceValidator()
        let now = Date()
        let storedAt = ISO8601Timestamp.format(now, offsetMinutes: 0)

        let getAll = { @Sendable () async throws -> [[UInt8]] in
            try await concurrently(files, limit: fetchConcurrency) { file in
                do {
                    let object = try await s3.getObject(bucket: bucket, key: file.key, ifMatch: nil, maxBytes: maxFileSize)
                    return Array(object.body.readableBytesView)
                } catch is S3ObjectError {
                    return [] // the deliberately oversized files: answered, not read, as in the worker
                }
            }
        }
        var bodies: [[UInt8]] = []
        let getObject = try await timed(files.count) { bodies = try await getAll() }
        // What a batch writes: the valid invoices, keyed and conditioned as the worker does.
        let writes: [(item: DynamoItem, condition: IdentityCondition)] = zip(files, bodies).compactMap { file, body in
            guard case let .success(invoice) = validator.validate(body, now: now) else { return nil }
            let source = InvoiceSource(bucket: bucket, key: file.key, eTag: "")
            let version = "00000000000000000000000000000000/" + storedAt
            let item = InvoiceTable.item(for: invoice, source: source, version: version, storedAt: storedAt)
            return (item, .absentOrOlderVersion(bucket: bucket, key: file.key, version: version))
        }
        let keys = writes.compactMap { $0.item[InvoiceTable.Attribute.partitionKey]?.stringValue }
        let chunks = stride(from: 0, to: keys.count, by: DynamoDBClient.maxBatchGetKeys).map {
            Array(keys[$0 ..< min($0 + DynamoDBClient.maxBatchGetKeys, keys.count)])
        }
        let batchGetItem = try await timed(chunks.count) {
            for chunk in chunks { _ = try await store.identities(of: chunk) }
        }
        let putItem = try await timed(writes.count) {
            _ = try await concurrently(writes, limit: writeConcurrency) { try await store.put($0.item, if: $0.condition) }
        }
        let batches = stride(from: 0, to: writes.count, by: DynamoDBClient.maxBatchWriteItems).map {
            writes[$0 ..< min($0 + DynamoDBClient.maxBatchWriteItems, writes.count)].map { DynamoWriteRequest.put($0.item) }
        }
        let batchWriteItem = try await timed(writes.count) {
            _ = try await concurrently(batches, limit: writeConcurrency) { try await aws.dynamo.batchWriteItem(table: scratchTable, requests: $0) }
        }
        let second = DynamoIdentityStore(client: aws.dynamo, table: scratchTables.1)
        let overlapped = try await timed(files.count) {
            async let reads = getAll()
            _ = try await concurrently(writes, limit: writeConcurrency) { try await second.put($0.item, if: $0.condition) }
            _ = try await reads
        }
        return StackCeiling(
            getObject: getObject, batchGetItem: batchGetItem, putItem: putItem, batchWriteItem: batchWriteItem,
            overlapped: overlapped, invoices: files.count
        )
    }

    private static func timed(_ requests: Int, _ body: () async throws -> Void) async throws -> Phase {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Phase(requests: requests, seconds: elapsed.seconds)
    }

    /// `work` over every element with at most `limit` in flight; results in input order.
    private static func concurrently<Element: Sendable, Output: Sendable>(
        _ elements: [Element], limit: Int, _ work: @escaping @Sendable (Element) async throws -> Output
    ) async throws -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var results = [Output?](repeating: nil, count: elements.count)
            var next = 0
            func startNext() {
                guard next < elements.count else { return }
                let index = next, element = elements[index]
                next += 1
                group.addTask { (index, try await work(element)) }
            }
            for _ in 0 ..< max(1, limit) { startNext() }
            while let (index, output) = try await group.next() {
                results[index] = output
                startNext()
            }
            return results.map { $0! }
        }
    }
}
