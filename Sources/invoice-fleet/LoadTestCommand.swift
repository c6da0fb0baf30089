import ArgumentParser
import FleetRuntime
import FleetSettings
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
            latency (upload finished → outcome record written), writes it as JSON and, beside it, as a \
            self-contained HTML page with charts (throughput and latency over time, the latency distribution, \
            outcomes by code), and exits 1 on any mismatch.

            """ + SettingsHelp.text(settings)
    )

    static let settings = LoadTestConfiguration.settings + StackSettings.settings
        + [LogSettings.level(default: .warning).description]

    @Option(help: "Where to write the JSON report (default loadtest/reports/<run-id>.json); the HTML report goes beside it (x.json → x.html).")
    var report: String?
    @Flag(help: "Show no progress.") var quiet = false
    @OptionGroup var arguments: SettingsArguments

    func run() async throws {
        let source = try arguments.source(known: Self.settings)
        let settings = try StackSettings(from: source)
        let config = try LoadTestConfiguration(from: source)
        // Warnings only by default: the progress display and the report are the output.
        let logger = try ProcessLogging.bootstrap(label: "loadtest", source: source, defaultLevel: .warning)
        let result = try await AWSEnvironment.with(settings: settings) { aws in
            try await LoadTestRun(settings: settings, configuration: config, s3: aws.s3, logger: logger)
                .run(progress: quiet ? nil : .forStandardError())
        }

        let path = report ?? "loadtest/reports/\(config.runID).json"
        let html = LoadTestReport.htmlPath(forJSON: path)
        try result.write(to: path)
        try result.writeHTML(to: html)
        print(result.text)
        print("report     \(path)")
        print("html       \(html)")
        if !result.passed { throw ExitCode(1) }
    }
}
