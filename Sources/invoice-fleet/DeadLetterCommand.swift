import ArgumentParser
import DeadLetterTools
import FleetSettings
import Foundation

/// `invoice-fleet dlq`: look into the dead-letter topic and replay what was fixed.
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect, export and replay dead letters (invoices.dlq).",
        discussion: """
        inspect and export read the DLQ without joining any consumer group; replay keeps \
        its position in a consumer group of its own (invoice-fleet-replay[.NAME]); none \
        of them writes to the DLQ. See the README, "When invoices fail".

        """ + SettingsHelp.text(KafkaOptions.settings),
        subcommands: [Inspect.self, Export.self, Replay.self, Reset.self]
    )

    /// Runs a subcommand's body, turning a tool error into one line on stderr and exit code 1.
    static func running(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as DeadLetterToolError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
