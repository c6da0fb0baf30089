import AWSClients
import CCallgrind
import FleetContracts
import Foundation
import InvoiceDomain
import InvoiceGenerator
import InvoicePipeline
import Kafka

/// CPU cost of what a worker does per invoice outside I/O: decode the S3 event record,
/// parse and validate the invoice, map it to its table item (content hash included), and
/// encode its conditional PutItem request and the result message as JSON for the wire.
package struct HotPathBenchmark: Sendable {
    package var iterations: Int
    package var itemsPerInvoice: Int

    package init(iterations: Int = 20_000, itemsPerInvoice: Int = 10) {
        self.iterations = iterations
        self.itemsPerInvoice = itemsPerInvoice
    }

    package struct Result: Sendable {
        package var invoices: Int
        package var cpuSeconds: Double
        package var wallSeconds: Double
        package var averageFileBytes: Int
        /// CPU µs per invoice of each stage, measured alone, in hot-path order.
        package var stages: [(name: String, microseconds: Double)] = []
        package var microsecondsPerInvoice: Double { cpuSeconds / Double(invoices) * 1_000_000 }
    }

    package func run() throws -> Result {
        let samples = realisticSamples()
        let validator = InvoiceValidator()
        let now = Date()
        // Warm up caches and lazy initialisation outside the measurement.
        _ = try process(samples[0], validator: validator, now: now)
        // Under valgrind, callgrind counts the loop alone (the dump named "hot path").
        fleet_callgrind_zero()
        let cpuStart = CPUTime.ofSelf()
        let wallStart = ContinuousClock.now
        var bytes = 0
        for i in 0 ..< iterations {
            bytes &+= try process(samples[i % samples.count], validator: validator, now: now)
        }
        let wall = ContinuousClock.now - wallStart
        let cpu = CPUTime.ofSelf() - cpuStart
        fleet_callgrind_dump("hot path")
        precondition(bytes > 0)
        var result = Result(
            invoices: iterations, cpuSeconds: cpu,
            wallSeconds: wall.seconds,
            averageFileBytes: samples.map(\.body.count).reduce(0, +) / samples.count
        )
        // The breakdown would take minutes under valgrind, and the count is the loop's.
        if fleet_running_on_valgrind() == 0 {
            result.stages = try stageBreakdown(samples, validator: validator, now: now)
        }
        return result
    }

    /// Each stage of `process` timed alone over the same samples, to show where the time goes.
    private func stageBreakdown(
        _ samples: [Sample], validator: InvoiceValidator, now: Date
    ) throws -> [(name: String, microseconds: Double)] {
        let rounds = max(1, iterations / 4)
        let events = try samples.map { try Self.upload($0.event) }
        let invoices = try samples.map { try validator.validate($0.body, now: now).get() }
        let source = InvoiceSource(bucket: "invoices", key: "k", eTag: "\"0\"")
        let items = zip(invoices, events).map { InvoiceTable.item(for: $0, source: source, version: $1.version, storedAt: "2026-11-25T00:00:00Z") }
        let encoder = JSONEncoder()
        let condition = Self.condition
        func timed(_ name: String, _ body: (Int) throws -> Int) rethrows -> (name: String, microseconds: Double) {
            let start = CPUTime.ofSelf()
            var sink = 0
            for i in 0 ..< rounds { sink &+= try body(i % samples.count) }
            precondition(sink != Int.min)
            return (name, (CPUTime.ofSelf() - start) / Double(rounds) * 1_000_000)
        }
        return try [
            timed("decode S3 event") { try Self.upload(samples[$0].event).key.utf8.count },
            timed("parse + validate invoice") { try validator.validate(samples[$0].body, now: now).get().items.count },
            timed("map to table item") { i in
                InvoiceTable.item(for: invoices[i], source: source, version: events[i].version, storedAt: "2026-11-25T00:00:00Z").count
            },
            timed("  of which content hash (SHA-256)") { InvoiceIdentity.contentHash(of: invoices[$0]).utf8.count },
            timed("encode conditional PutItem") { DynamoDBClient.putItemBody(table: "Invoices", item: items[$0], condition: condition).count },
            timed("  (a BatchWriteItem entry instead)") { DynamoDBClient.batchWriteItemBody(table: "Invoices", requests: [.put(items[$0])]).count },
            timed("  (the item with JSONEncoder)") { try encoder.encode(items[$0]).count },
            timed("encode result JSON") { i in
                ProcessedInvoice(
                    accessKey: invoices[i].accessKey, invoiceNumber: invoices[i].invoiceNumber, bucket: events[i].bucket,
                    key: events[i].key, eTag: "\"0\"", storedAt: "2026-11-25T00:00:00Z", workerId: "bench"
                ).json.count
            },
        ]
    }

    /// The condition of a new key's write, as the worker sends it.
    private static let condition = DynamoIdentityStore.expression(
        .absentOrOlderVersion(bucket: "invoices", key: "k", version: "0000000000000000617F08299329D189/2026-11-25T00:00:00.000Z"))

    private struct Sample {
        /// The `invoice-uploads` message announcing the file.
        var event: KafkaRecord
        var body: [UInt8]
    }

    /// Valid generated invoices with exactly `itemsPerInvoice` items, with their events.
    private func realisticSamples() -> [Sample] {
        let generator = InvoiceGenerator(seed: 2026, configuration: .init(now: Date(), brokenShare: 0))
        var samples: [Sample] = []
        var index = 0
        while samples.count < 50, index < 200_000 {
            let file = generator.file(at: index)
            index += 1
            guard case let .success(invoice) = InvoiceValidator().validate(file.body, now: Date()),
                  invoice.items.count == itemsPerInvoice else { continue }
            samples.append(Sample(
                event: KafkaRecord(
                    topic: "invoice-uploads", partition: 0, offset: Int64(samples.count), key: nil,
                    value: S3EventRecord.objectCreatedJSON(bucket: "invoices", key: file.key, size: file.body.count, eTag: "\"0\"")),
                body: file.body
            ))
        }
        return samples
    }

    /// One invoice through the hot path; returns bytes produced (so nothing is optimised away).
    private func process(_ sample: Sample, validator: InvoiceValidator, now: Date) throws -> Int {
        let event = try Self.upload(sample.event)
        let invoice = try validator.validate(sample.body, now: now).get()
        let item = InvoiceTable.item(
            for: invoice, source: InvoiceSource(bucket: event.bucket, key: event.key, eTag: "\"0\""), version: event.version,
            storedAt: "2026-11-25T00:00:00Z"
        )
        let itemJSON = DynamoDBClient.putItemBody(table: "Invoices", item: item, condition: Self.condition)
        let result = ProcessedInvoice(
            accessKey: invoice.accessKey, invoiceNumber: invoice.invoiceNumber, bucket: event.bucket, key: event.key,
            eTag: "\"0\"", storedAt: "2026-11-25T00:00:00Z", workerId: "bench"
        ).json
        return itemJSON.count + result.count
    }

    /// The message decoded as the worker decodes it.
    private static func upload(_ record: KafkaRecord) throws -> UploadEvent {
        guard case let .upload(event) = UploadEvent.decode(record) else { throw BenchmarkSampleError() }
        return event
    }

    private struct BenchmarkSampleError: Error {}
}
