import ArgumentParser
import DeadLetterTools
import Foundation

extension DeadLetterCommand {
    /// `dlq reset`: move a replay group back to the start of the DLQ.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a replay position back to the start of the DLQ, so that the next replay with it reads everything again.",
            discussion: "Fails while a replay with the same group runs. Does not touch the DLQ or any other group."
        )

        @OptionGroup var kafka: KafkaOptions
        @OptionGroup var filter: SelectionOptions

        @Option(help: "Name of the replay position to reset (consumer group invoice-fleet-replay.NAME); default: the position of the selection given, as `dlq replay` derives it.")
        var replayGroup: String?

        func run() async throws {
            try await DeadLetterCommand.running {
                let group = DeadLetterReplayConfiguration.groupID(named: replayGroup, selection: try filter.selection())
                let topic = try kafka.stack().deadLetterTopic
                let logger = try kafka.logger("dlq-reset")
                let before = try await DeadLetterReplayer.positions(groupID: group, topic: topic, settings: try kafka.cluster(), logger: logger)
                let after = try await DeadLetterReplayer.resetPosition(groupID: group, topic: topic, settings: try kafka.cluster(), logger: logger)
                let moves = zip(before, after).map { "p\($0.partition) \($0.start)→\($1.start)" }
                print("reset group \(group) on \(topic): \(moves.joined(separator: ", "))")
            }
        }
    }
}
