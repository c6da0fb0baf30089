import ArgumentParser
import DeadLetterTools
import Foundation

extension DeadLetterCommand {
    /// `dlq export`: the selected dead letters, whole, as JSON Lines.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the selected dead letters to a JSON Lines file (value, key, headers, partition, offset, timestamp).",
            discussion: "The value is in 'value' when it is UTF-8, else base64 in 'valueBase64'."
        )

        @OptionGroup var kafka: KafkaOptions
        @OptionGroup var filter: SelectionOptions

        @Option(name: .shortAndLong, help: "The file to write, or - for standard output.")
        var output: String

        func run() async throws {
            try await DeadLetterCommand.running {
                let selection = try filter.selection()
                let file = try JSONLinesFile(path: output)
                let report = try await DeadLetterExporter(reader: try kafka.reader("dlq-export")).export(selection, to: file)
                try file.close()
                // On stderr, so that `--output -` stays pure JSON Lines.
                var line = "exported \(report.written) of \(report.scanned) records to \(file.isStandardOutput ? "stdout" : output)"
                if report.unreadable > 0 { line += " (\(report.unreadable) without dead-letter headers left out)" }
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
    }
}
