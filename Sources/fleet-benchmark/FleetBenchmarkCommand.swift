import ArgumentParser
import FleetBenchmarks
import FleetSettings
import Foundation
import Logging

/// `fleet-benchmark`: figures, not assertions, kept out of the production binary. Run it
/// from a release build (`compose/benchmark` does).
@main
struct FleetBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet-benchmark",
        abstract: "Measure CPU per invoice and the fleet's staged throughput.",
        subcommands: [CPU.self, Batch.self, Relay.self, Throughput.self]
    )

    struct CPU: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "CPU time of decode + validate + encode per invoice (no I/O).")
        @Option(help: "Invoices to process.") var iterations = 20_000
        @Option(help: "Items per invoice.") var items = 10

        func run() async throws {
            let result = try HotPathBenchmark(iterations: iterations, itemsPerInvoice: items).run()
            print(String(
                format: "hot path (decode event + parse + validate + table item + JSON), %d-item invoices of ~%d bytes:\n  %d invoices, %.3f s CPU, %.3f s wall → %.1f µs CPU per invoice, %.0f invoices/s per core",
                items, result.averageFileBytes, result.invoices, result.cpuSeconds, result.wallSeconds,
                result.microsecondsPerInvoice, 1_000_000 / result.microsecondsPerInvoice
            ))
            print("  by stage, each timed alone (µs CPU per invoice):")
            for stage in result.stages {
                print(String(format: "    %@ %8.1f", stage.name.padding(toLength: 34, withPad: " ", startingAt: 0) as NSString, stage.microseconds))
            }
        }
    }

    struct Batch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CPU time of one staged worker batch (fetch, validate, write, publish, commit), in this process.",
            discussion: "Run it under valgrind --tool=callgrind for the batch's instruction count (the dump named \"staged batch\"; compose/benchmark does).\n\n"
                + SettingsHelp.text(StackSettings.settings)
        )
        @Option(help: "Invoices in the batch.") var size = 200
        @Argument(parsing: .allUnrecognized, help: .hidden) var settingsFlags: [String] = []

        func run() async throws {
            let stack = try StackSettings(from: SettingsSource(arguments: settingsFlags, known: StackSettings.settings))
            var logger = Logger(label: "benchmark")
            logger.logLevel = .warning
            let r = try await StagedBatchBenchmark(batchSize: size, settings: stack).run(logger: logger) { line in
                FileHandle.standardError.write(Data("  … \(line)\n".utf8))
            }
            print(String(
                format: "staged batch, in process: %d invoices, %.3f s CPU, %.3f s wall → %.1f µs CPU per invoice",
                r.invoices, r.cpuSeconds, r.wallSeconds, r.microsecondsPerInvoice
            ))
        }
    }

    struct Relay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The relay's CPU per event on notifications queued beforehand (one invoice-fleet relay process).",
            discussion: SettingsHelp.text(StackSettings.settings)
        )
        @Option(help: "Notifications to relay (moto's SQS slows as its queue deepens: keep it shallow).") var count = 500
        @Argument(parsing: .allUnrecognized, help: .hidden) var settingsFlags: [String] = []

        func run() async throws {
            let stack = try StackSettings(from: SettingsSource(arguments: settingsFlags, known: StackSettings.settings))
            var logger = Logger(label: "benchmark")
            logger.logLevel = .warning
            let r = try await StagedRelayBenchmark(count: count, executable: try siblingExecutable(), settings: stack).run(logger: logger) { line in
                FileHandle.standardError.write(Data("  … \(line)\n".utf8))
            }
            print(String(
                format: "staged relay: %d events in %.1f s from start → %.0f events/s; relay CPU %.2f s → %.3f ms per event (start-up included); steady, from the first event: %d events in %.1f s → %.0f events/s, %.3f ms CPU per event",
                r.events, r.seconds, r.eventsPerSecond, r.relayCPUSeconds, r.cpuMillisecondsPerEvent,
                r.steadyEvents, r.steadySeconds, r.steadyEventsPerSecond, r.steadyCPUMillisecondsPerEvent
            ))
        }
    }

    struct Throughput: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Workers' throughput on objects staged beforehand, their events produced straight into a fresh topic.",
            discussion: "Workers are invoice-fleet processes from the same build folder.\n\n" + SettingsHelp.text(StackSettings.settings)
        )
        @Option(help: "Invoices per run.") var count = 5000
        @Option(help: "Worker counts to measure, comma-separated.") var workers = "1,2"
        @Option(help: "Share of broken invoices.") var brokenShare = 0.05
        @Flag(help: "Skip measuring the stack's ceiling before the workers run.") var noCeiling = false
        /// The stack's settings flags, read over the environment (see `SettingsSource`).
        @Argument(parsing: .allUnrecognized, help: .hidden) var settingsFlags: [String] = []

        func run() async throws {
            let stack = try StackSettings(from: SettingsSource(arguments: settingsFlags, known: StackSettings.settings))
            var logger = Logger(label: "benchmark")
            logger.logLevel = .warning
            let executable = try siblingExecutable()
            for n in workers.split(separator: ",").compactMap({ Int($0) }) {
                var bench = StagedThroughputBenchmark(count: count, workers: n, brokenShare: brokenShare, executable: executable, settings: stack)
                bench.measureCeiling = !noCeiling
                let r = try await bench.run(logger: logger) { line in
                    FileHandle.standardError.write(Data("  … \(line)\n".utf8))
                }
                print(String(
                    format: "staged throughput, %d worker(s): %d invoices (%d stored, %d dead-lettered) in %.1f s from start → %.0f invoices/s (%.0f/s after the first outcome at %.1f s); worker CPU %.2f s → %.2f ms per invoice; completion since start: %@",
                    n, r.invoices, r.stored, r.deadLettered, r.processingSeconds, r.invoicesPerSecond,
                    r.steadyInvoicesPerSecond, r.firstOutcomeSeconds, r.workerCPUSeconds, r.cpuMillisecondsPerInvoice, r.completion.summary
                ))
                if let c = r.ceiling, let ratio = r.ceilingRatio {
                    print(String(
                        format: "  stack ceiling, same run (the same objects and items, sent from this process through the fleet's HTTP client at the worker's concurrency):\n    GetObject %.0f/s, BatchGetItem %.1f/s (100 keys), conditional PutItem %.0f/s: %.0f invoices/s phase after phase\n    GetObject and PutItem at once: %.0f invoices/s (BatchWriteItem, for reference: %.0f items/s)\n  worker / ceiling: %.0f%% (%d worker(s), steady rate against the overlapped ceiling)",
                        c.getObject.perSecond, c.batchGetItem.perSecond, c.putItem.perSecond, c.sequentialInvoicesPerSecond,
                        c.invoicesPerSecond, c.batchWriteItem.perSecond, ratio * 100, n
                    ))
                }
            }
        }
    }
}

/// The production binary, `invoice-fleet`, from the same build folder as this one.
func siblingExecutable() throws -> String {
    let benchmark = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    let executable = URL(fileURLWithPath: benchmark).deletingLastPathComponent().appendingPathComponent("invoice-fleet").path
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw ValidationError("no \(executable): build the invoice-fleet product too")
    }
    return executable
}
