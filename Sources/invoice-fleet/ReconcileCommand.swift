import ArgumentParser
import AWSClients
import DeadLetterTools
import FleetRuntime
import FleetSettings
import Foundation
import Logging

/// `invoice-fleet reconcile`: accounts for every object of the bucket, so that an
/// operator learns which uploads the fleet lost (an event that never reached Kafka)
/// rather than finding out from a customer.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Place every object of the bucket in one state: stored, deadLettered, conflicted, replayedPending or missing.",
        discussion: """
            stored: the table holds an item from the object's current ETag. replayedPending: its newest dead \
            letter was replayed to the uploads topic and nothing failed since. deadLettered: the DLQ holds a \
            dead letter for it (the newest one's code is shown). conflicted: its newest dead letter is \
            access_key_conflict (another object's invoice holds the key). missing: none of these; objects still in \
            flight count as missing, so use --min-age on a running fleet. Reads only, with no consumer group. \
            Exit code: 0 when nothing is missing, 1 when something is, 2 when the check could not be made.

            """ + SettingsHelp.text(settings)
    )

    @Option(help: "Only objects whose key starts with this.")
    var prefix: String?

    @Option(help: "Leave out objects modified less than this many seconds ago (still in flight).")
    var minAge = 0

    @Option(help: "How many missing keys the text report lists.")
    var limit = 20

    @Flag(help: "Print the report as JSON, every object listed.")
    var json = false

    @OptionGroup var arguments: SettingsArguments

    static let settings = StackSettings.settings + [LogSettings.level(default: .error).description]

    func validate() throws {
        if minAge < 0 { throw ValidationError("--min-age must not be negative") }
        if limit < 0 { throw ValidationError("--limit must not be negative") }
    }

    func run() async throws {
        let source = try arguments.source(known: Self.settings)
        let settings = try StackSettings(from: source)
        let logger = try ProcessLogging.toolLogger("reconcile", source: source)
        let cutoff = minAge > 0 ? Date().addingTimeInterval(-Double(minAge)) : nil
        let report = try await Self.reporting {
            try await AWSEnvironment.with(settings: settings) { aws in
                let reconciler = Reconciler(aws: aws, stack: settings, cluster: DeadLetterClusterSettings(stack: settings), logger: logger)
                return try await reconciler.reconcile(bucket: settings.bucket, prefix: prefix, modifiedBefore: cutoff)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text(missingLimit: limit))
        }
        if report.hasMissing { throw ExitCode.failure }
    }

    /// Runs `body`, turning a failure to read the stack into one line on stderr and exit
    /// code 2, so that scripts can tell "could not check" from "something is missing".
    private static func reporting(_ body: () async throws -> ObjectReconciliation) async throws -> ObjectReconciliation {
        do {
            return try await body()
        } catch let error as DeadLetterToolError {
            fail(error.description)
        } catch let error as ReconcileError {
            fail(error.description)
        } catch let error as AWSCredentialsError {
            fail(error.description)
        }
        throw ExitCode(2)
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}
