import ArgumentParser
import DeadLetterTools
import FleetCore
import Foundation
import Logging

extension DeadLetterCommand {
    /// Where the DLQ is, shared by every `dlq` subcommand.
    struct KafkaOptions: ParsableArguments {
        @Option(name: .customLong("brokers"), help: "Kafka bootstrap servers (env KAFKA_BROKERS).")
        var kafkaBrokers: String?

        @Option(name: .customLong("dlq-topic"), help: "The dead-letter topic (env KAFKA_DLQ_TOPIC, default invoices.dlq).")
        var deadLetterTopic: String?

        @Option(help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL; default error, so that a failure is one line).")
        var logLevel: String?

        /// The environment's settings with the given options on top.
        var stack: StackSettings {
            var settings = StackSettings.fromEnvironment()
            if let kafkaBrokers { settings.kafkaBrokers = kafkaBrokers }
            if let deadLetterTopic { settings.deadLetterTopic = deadLetterTopic }
            return settings
        }

        var cluster: DeadLetterClusterSettings { DeadLetterClusterSettings(stack: stack) }

        /// A logger on stderr; librdkafka's connection warnings show only when asked for.
        func logger(_ label: String) -> Logger {
            var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
            let name = logLevel ?? EnvironmentReader.process.string("LOG_LEVEL", default: "error")
            logger.logLevel = Logger.Level(rawValue: name.lowercased()) ?? .error
            return logger
        }

        func reader(_ label: String) -> DeadLetterReader {
            DeadLetterReader(topic: stack.deadLetterTopic, settings: cluster, logger: logger(label))
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
