import ArgumentParser
import DeadLetterTools
import Foundation

extension DeadLetterCommand {
    /// `dlq inspect`: counts and samples of the dead letters, without touching any group.
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise the dead letters: counts by stage, code and class, times, attempts, samples.",
            discussion: "Reads every partition from its start to the end it had when the command started, with no consumer group."
        )

        @OptionGroup var kafka: KafkaOptions
        @OptionGroup var filter: SelectionOptions

        @Option(help: "How many sample dead letters to show.")
        var samples = 3

        @Flag(help: "Print the summary as JSON.")
        var json = false

        func run() async throws {
            try await DeadLetterCommand.running {
                let selection = try filter.selection()
                let inspector = DeadLetterInspector(reader: try kafka.reader("dlq-inspect"))
                let summary = try await inspector.summarize(selection, sampleLimit: samples)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(summary), as: UTF8.self))
                } else {
                    print(summary.table)
                }
            }
        }
    }
}
