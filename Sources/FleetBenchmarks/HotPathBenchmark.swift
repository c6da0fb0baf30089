import AWSClients
import FleetContracts
import Foundation
import InvoiceDomain
import InvoiceGenerator
import InvoicePipeline

/// CPU cost of what a worker does per invoice outside I/O: decode the S3 event record,
/// parse and validate the invoice, map it to its table item, and encode the item and the
/// result message as JSON for the wire.
public struct HotPathBenchmark: Sendable {
    public var iterations: Int
    public var itemsPerInvoice: Int

    public init(iterations: Int = 20_000, itemsPerInvoice: Int = 10) {
        self.iterations = iterations
        self.itemsPerInvoice = itemsPerInvoice
    }

    public struct Result: Sendable {
        public var invoices: Int
        public var cpuSeconds: Double
        public var wallSeconds: Double
        public var averageFileBytes: Int
        public var microsecondsPerInvoice: Double { cpuSeconds / Double(invoices) * 1_000_000 }
    }

    public func run() throws -> Result {
        let samples = realisticSamples()
        let validator = InvoiceValidator()
        let encoder = JSONEncoder()
        let now = Date()
        // Warm up caches and lazy initialisation outside the measurement.
        _ = try process(samples[0], validator: validator, encoder: encoder, now: now)
        let cpuStart = CPUTime.ofSelf()
        let wallStart = ContinuousClock.now
        var bytes = 0
        for i in 0 ..< iterations {
            bytes &+= try process(samples[i % samples.count], validator: validator, encoder: encoder, now: now)
        }
        let wall = ContinuousClock.now - wallStart
        precondition(bytes > 0)
        return Result(
            invoices: iterations, cpuSeconds: CPUTime.ofSelf() - cpuStart,
            wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18,
            averageFileBytes: samples.map(\.body.count).reduce(0, +) / samples.count
        )
    }

    private struct Sample {
        var event: [UInt8]
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
                event: S3EventRecord.objectCreatedJSON(bucket: "invoices", key: file.key, size: file.body.count, eTag: "\"0\""),
                body: file.body
            ))
        }
        return samples
    }

    /// One invoice through the hot path; returns bytes produced (so nothing is optimised away).
    private func process(_ sample: Sample, validator: InvoiceValidator, encoder: JSONEncoder, now: Date) throws -> Int {
        let event = try JSONDecoder().decode(S3EventRecord.self, from: Data(sample.event))
        guard let key = event.objectKey else { return 0 }
        let invoice = try validator.validate(sample.body, now: now).get()
        let item = InvoiceItemEncoder.item(
            for: invoice, source: InvoiceSource(bucket: event.bucket, key: key, eTag: "\"0\""), storedAt: "2026-11-25T00:00:00Z"
        )
        let itemJSON = try encoder.encode(item)
        let result = try encoder.encode(ProcessedInvoice(
            accessKey: invoice.accessKey, invoiceNumber: invoice.invoiceNumber, bucket: event.bucket, key: key,
            eTag: "\"0\"", storedAt: "2026-11-25T00:00:00Z", workerId: "bench"
        ))
        return itemJSON.count + result.count
    }
}
