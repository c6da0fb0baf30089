import ArgumentParser
import FleetMessaging
import FleetRuntime
import FleetSettings
import Foundation
import Logging

/// `invoice-fleet lag`: how much work waits for the fleet, stage by stage: S3 events in
/// the queue (not yet relayed) and records of the uploads topic the workers' group has
/// not committed. What an operator watches after an incident, and what autoscaling
/// and the chaos run measure recovery by.
struct LagCommand: AsyncParsableCommand {
    static let settings = StackSettings.settings + [LogSettings.level(default: .error).description]
    static let configuration = CommandConfiguration.component(
        "lag", abstract: "Print the uploads queue's depth and the workers' consumer-group lag.",
        discussion: """
            Reads only: it never joins the group. Exit code: 0, or 2 when the broker or the queue \
            cannot be read (then nothing is printed on stdout).
            """,
        settings: settings
    )

    @Flag(help: "Print one JSON object instead of text.") var json = false
    @Flag(help: "Leave out the queue (Kafka only).") var skipQueue = false
    @OptionGroup var arguments: SettingsArguments

    struct Report: Codable {
        var group: String
        var topic: String
        var kafkaLag: Int64
        var partitions: [ConsumerGroupLag.Partition]
        var queue: String?
        var queueVisible: Int?
        var queueInFlight: Int?
        var total: Int64
    }

    func run() async throws {
        let source = try arguments.source(known: Self.settings)
        let settings = try StackSettings(from: source)
        let logger = try ProcessLogging.toolLogger("lag", source: source)
        let report: Report
        do {
            let lag = try await ConsumerGroupLag.measure(settings: settings, logger: logger)
            report = try await withQueue(Report(
                group: lag.group, topic: lag.topic, kafkaLag: lag.total, partitions: lag.partitions, total: lag.total
            ), settings: settings)
        } catch {
            FileHandle.standardError.write(Data("error: cannot measure the lag: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            let perPartition = report.partitions.map { "p\($0.partition) \($0.lag)" }.joined(separator: ", ")
            print("kafka  group \(report.group) on \(report.topic): \(report.kafkaLag) records behind (\(perPartition))")
            if let queue = report.queue {
                print("queue  \(queue): \(report.queueVisible ?? 0) waiting, \(report.queueInFlight ?? 0) in flight")
            }
            print("total  \(report.total)")
        }
    }

    private func withQueue(_ report: Report, settings: StackSettings) async throws -> Report {
        guard !skipQueue else { return report }
        let attributes = try await AWSEnvironment.with(settings: settings) { aws in
            let url = try await aws.sqs.getQueueURL(name: settings.queue)
            return try await aws.sqs.getQueueAttributes(
                queueURL: url, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
            )
        }
        var report = report
        report.queue = settings.queue
        report.queueVisible = Int(attributes["ApproximateNumberOfMessages"] ?? "") ?? 0
        report.queueInFlight = Int(attributes["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? 0
        report.total += Int64((report.queueVisible ?? 0) + (report.queueInFlight ?? 0))
        return report
    }
}
