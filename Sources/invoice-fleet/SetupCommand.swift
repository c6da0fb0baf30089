import ArgumentParser
import FleetCore
import Logging

/// `invoice-fleet setup`: creates the topics, bucket, queue, notification and table.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create the topics, bucket, queue, bucket notification and table (idempotent).",
        discussion: "For real AWS, prefer the CloudFormation template; use --skip-aws to create only the topics."
    )

    @OptionGroup var stack: StackOptions

    @Option(help: "Partitions of the uploads and processed topics (env KAFKA_UPLOADS_PARTITIONS).")
    var uploadsPartitions: Int = EnvironmentReader.process.int("KAFKA_UPLOADS_PARTITIONS", default: 6)

    @Flag(help: "Create only the Kafka topics.") var skipAWS = false
    @Flag(help: "Print only errors.") var quiet = false

    func run() async throws {
        let settings = stack.settings
        let provisioner = StackProvisioner(settings: settings, uploadsPartitions: uploadsPartitions)
        let created = try await provisioner.provisionTopics(logger: Logger(label: "setup"))
        if !quiet {
            print("topics: \(settings.uploadsTopic), \(settings.processedTopic), \(settings.deadLetterTopic) (created now: \(created.isEmpty ? "none" : created.joined(separator: ", ")))")
        }
        guard !skipAWS else { return }
        let aws = try AWSEnvironment(settings: settings)
        do {
            try await provisioner.provisionAWS(aws)
            await aws.shutdown()
        } catch {
            await aws.shutdown()
            throw error
        }
        if !quiet {
            print("aws: bucket \(settings.bucket) → queue \(settings.queue) (ObjectCreated), table \(settings.table) with index byCustomer, at \(settings.awsEndpoint ?? "AWS \(settings.awsRegion)")")
        }
    }
}
