import ArgumentParser
import FleetCore
import Kafka
import Logging

/// Creates what the pipeline needs, idempotently: topics, and (when the AWS module is
/// wired) bucket, queue, notification and table.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create the topics, bucket, queue, bucket notification and table (idempotent)."
    )

    @OptionGroup var stack: StackOptions

    @Option(help: "Partitions of the uploads topic (env KAFKA_UPLOADS_PARTITIONS).")
    var uploadsPartitions: Int = EnvironmentReader.process.int("KAFKA_UPLOADS_PARTITIONS", default: 6)

    @Flag(help: "Print only errors.")
    var quiet = false

    func run() async throws {
        let settings = stack.settings
        let logger = Logger(label: "setup")
        let admin = try KafkaAdmin(configuration: KafkaClientConfiguration(bootstrapServers: settings.kafkaBrokers), logger: logger)
        let created = try await admin.createTopics([
            .init(name: settings.uploadsTopic, partitions: uploadsPartitions),
            .init(name: settings.processedTopic, partitions: uploadsPartitions),
            .init(name: settings.deadLetterTopic, partitions: 1),
        ])
        if !quiet {
            print("topics: \(settings.uploadsTopic), \(settings.processedTopic), \(settings.deadLetterTopic) (created now: \(created.isEmpty ? "none" : created.joined(separator: ", ")))")
        }
    }
}
