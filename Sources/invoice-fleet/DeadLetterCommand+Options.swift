import ArgumentParser
import DeadLetterTools
import FleetSettings
import Foundation
import Logging

extension DeadLetterCommand {
    /// Where the DLQ is, shared by every `dlq` subcommand: the stack's settings, and the
    /// log level (default error, so that a failure is one line).
    struct KafkaOptions: ParsableArguments {
        static let settings = StackSettings.settings + [LogSettings.level(default: .error).description]

        @OptionGroup var arguments: SettingsArguments

        /// - Throws: `SettingsError` for a bad flag or variable.
        func source() throws -> SettingsSource { try arguments.source(known: Self.settings) }

        func stack() throws -> StackSettings { try StackSettings(from: source()) }

        func cluster() throws -> DeadLetterClusterSettings { DeadLetterClusterSettings(stack: try stack()) }

        /// A logger on stderr; librdkafka's connection warnings show only when asked for.
        func logger(_ label: String) throws -> Logger {
            try ProcessLogging.toolLogger(label, source: source())
        }

        func reader(_ label: String) throws -> DeadLetterReader {
            DeadLetterReader(topic: try stack().deadLetterTopic, settings: try cluster(), logger: try logger(label))
        }
    }

    /// Which dead letters a subcommand works on; every criterion given must hold.
    struct SelectionOptions: ParsableArguments {
        @Option(name: .customLong("code"), help: "error.code to keep (repeatable: any of them).")
        var codes: [String] = []

        @Option(name: .customLong("stage"), help: "error.stage to keep: relay, decode-event, fetch, parse, validate, write (repeatable).")
        var stages: [String] = []

        @Option(name: .customLong("class"), help: "error.class to keep: permanent or transient (repeatable).")
        var classes: [String] = []

        @Option(help: "Keep dead letters whose source object key (decoded, without the bucket) starts with this.")
        var keyPrefix: String?

        @Option(help: "Failed at or after: ISO 8601 (2026-11-24T10:15:00Z, 2026-11-24) or an age (30m, 2h, 1d).")
        var since: String?

        @Option(help: "Failed before: ISO 8601 or an age, like --since.")
        var until: String?

        /// The selection, checked.
        /// - Throws: `DeadLetterToolError.invalidFilter`.
        func selection(now: Date = Date()) throws -> DeadLetterSelection {
            try DeadLetterSelection(
                codes: codes, stages: stages, classes: classes, keyPrefix: keyPrefix, since: since, until: until, now: now
            )
        }
    }
}
