import ArgumentParser
import FleetCore
import Foundation
import LoadTest
import Logging

/// `invoice-fleet loadtest`: uploads generated invoices, waits until the fleet has
/// accounted for every one, and reports; exits 1 on any mismatch.
struct LoadTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Upload generated invoices to the bucket and check that every one is stored or dead-lettered as expected.",
        discussion: """
            Reads invoices.processed and invoices.dlq from their ends at the start of the run and matches \
            outcomes by object key (loadtest/<run-id>/…). Prints a report with throughput and end-to-end \
            latency (upload finished → outcome record written), writes it as JSON, and exits 1 on any mismatch.
            """
    )

    @OptionGroup var stack: StackOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Invoice files to upload (env LOADTEST_COUNT, default 1000).") var count: Int?
    @Option(help: "Generator seed; the same seed gives the same files (env LOADTEST_SEED, default 42).") var seed: UInt64?
    @Option(help: "Share of broken files, 0-1 (env LOADTEST_BROKEN_SHARE, default 0.05).") var brokenShare: Double?
    @Option(help: "Uploads in flight (env LOADTEST_CONCURRENCY, default 8).") var concurrency: Int?
    @Option(help: "Target uploads per second; 0 = as fast as possible (env LOADTEST_RATE, default 0).") var rate: Double?
    @Option(help: "Seconds to wait for outcomes after the last upload (env LOADTEST_TIMEOUT_SECONDS, default 600).") var timeout: Int?
    @Option(help: "Run id, the key prefix's second part (default: time and random suffix).") var runID: String?
    @Option(help: "Where to write the JSON report (default loadtest/reports/<run-id>.json).") var report: String?
    @Flag(help: "Show no progress.") var quiet = false

    func run() async throws {
        let settings = stack.settings
        var config = LoadTestConfiguration(environment: .process)
        if let count { config.count = count }
        if let seed { config.seed = seed }
        if let brokenShare { config.brokenShare = brokenShare }
        if let concurrency { config.concurrency = concurrency }
        if let rate { config.rate = rate > 0 ? rate : nil }
        if let timeout { config.timeout = .seconds(timeout) }
        if let runID { config.runID = runID }
        guard config.count >= 0, (0 ... 1).contains(config.brokenShare) else {
            throw ValidationError("--count must be ≥ 0 and --broken-share within 0…1")
        }

        // Warnings only by default: the progress display and the report are the output.
        var logger = logging.bootstrap(label: "loadtest")
        if logging.logLevel == nil, EnvironmentReader.process.values["LOG_LEVEL"] == nil { logger.logLevel = .warning }
        let aws = try AWSEnvironment(settings: settings)
        let result: LoadTestReport
        do {
            let test = LoadTestRun(settings: settings, configuration: config, s3: aws.s3, logger: logger)
            result = try await test.run(progress: quiet ? nil : .forStandardError())
        } catch {
            await aws.shutdown()
            throw error
        }
        await aws.shutdown()

        let path = report ?? "loadtest/reports/\(config.runID).json"
        try result.write(to: path)
        print(result.text)
        print("report     \(path)")
        if !result.passed { throw ExitCode(1) }
    }
}
