import ArgumentParser
import DeadLetterTools
import Foundation

extension DeadLetterCommand {
    /// `dlq replay`: republish the original values of the selected dead letters.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Republish the original values of the selected dead letters to the uploads topic.",
            discussion: """
            Restartable: the position is kept in a consumer group of the selection's own \
            (invoice-fleet-replay.code=X… for --code X; invoice-fleet-replay.NAME with \
            --replay-group NAME), committed only after the broker acknowledged what was \
            sent; the next run with the same selection starts there. Start over with \
            --from-beginning or `dlq reset` with the same selection.
            """
        )

        @OptionGroup var kafka: KafkaOptions
        @OptionGroup var filter: SelectionOptions

        @Option(help: "Topic to republish to (env KAFKA_UPLOADS_TOPIC, default invoice-uploads).")
        var topic: String?

        @Option(help: "Name of this replay's position (consumer group invoice-fleet-replay.NAME); default: derived from the selection.")
        var replayGroup: String?

        @Option(help: "Refuse dead letters whose attempts is at least this.")
        var maxAttempts = 5

        @Flag(help: "Replay dead letters refused for --max-attempts too.")
        var force = false

        @Option(help: "Messages per second at most (default: as fast as the broker acknowledges).")
        var rate: Double?

        @Option(help: "Stop after sending this many; the next run goes on from there.")
        var limit: Int?

        @Flag(help: "List what would be sent; send nothing, leave the position alone.")
        var dryRun = false

        @Flag(help: "Reset the position to the start of the DLQ first.")
        var fromBeginning = false

        @Flag(help: "Let replayed access_key_conflict dead letters replace the stored invoice (each replacement is logged by the worker). Without it a replayed conflict is dead-lettered again.")
        var overwriteConflicts = false

        @Flag(help: "Print the final report as JSON.")
        var json = false

        func validate() throws {
            if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
            if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            try await DeadLetterCommand.running {
                let stack = try kafka.stack()
                let selection = try filter.selection()
                var configuration = DeadLetterReplayConfiguration(
                    deadLetterTopic: stack.deadLetterTopic, targetTopic: topic ?? stack.uploadsTopic,
                    groupID: DeadLetterReplayConfiguration.groupID(named: replayGroup, selection: selection), selection: selection
                )
                configuration.maxAttempts = maxAttempts
                configuration.force = force
                configuration.rate = rate
                configuration.maxRecords = limit
                configuration.dryRun = dryRun
                configuration.fromBeginning = fromBeginning
                configuration.overwriteConflicts = overwriteConflicts
                let logger = try kafka.logger("dlq-replay")
                let replayer = DeadLetterReplayer(configuration: configuration, settings: try kafka.cluster(), logger: logger)
                if overwriteConflicts {
                    logger.notice("replaying with --overwrite-conflicts: replayed access_key_conflict dead letters replace the invoices stored under their keys")
                }
                let display = ReplayProgressDisplay()
                let report = try await replayer.run { display.update($0) }
                display.finish()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                } else {
                    print(Self.describe(report, configuration: configuration))
                }
            }
        }
    }
}
