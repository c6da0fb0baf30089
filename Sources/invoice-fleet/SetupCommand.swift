import ArgumentParser
import FleetMessaging
import FleetRuntime
import FleetSettings
import Logging

/// `invoice-fleet setup`: creates the topics, bucket, queue, notification and table.
struct SetupCommand: AsyncParsableCommand {
    static let settings = [TopicProvisioner.partitionsSetting.description] + StackSettings.settings
    static let configuration = CommandConfiguration.component(
        "setup", abstract: "Create the topics, bucket, queue, bucket notification and table (idempotent).",
        discussion: "For real AWS, prefer the CloudFormation template; use --skip-aws to create only the topics.",
        settings: settings
    )

    @Flag(help: "Create only the Kafka topics.") var skipAWS = false
    @Flag(help: "Print only errors.") var quiet = false
    @OptionGroup var arguments: SettingsArguments

    func run() async throws {
        let source = try arguments.source(known: Self.settings)
        let settings = try StackSettings(from: source)
        let topics = TopicProvisioner(settings: settings, uploadsPartitions: try source.value(TopicProvisioner.partitionsSetting))
        let created = try await topics.provision(logger: Logger(label: "setup"))
        if !quiet {
            print("topics: \(settings.uploadsTopic), \(settings.processedTopic), \(settings.deadLetterTopic) (created now: \(created.isEmpty ? "none" : created.joined(separator: ", ")))")
        }
        guard !skipAWS else { return }
        try await AWSEnvironment.with(settings: settings) { aws in
            try await AWSProvisioner(settings: settings).provision(aws)
        }
        if !quiet {
            print("aws: bucket \(settings.bucket) → queue \(settings.queue) (ObjectCreated), table \(settings.table) with index byCustomer, at \(settings.awsEndpoint ?? "AWS \(settings.awsRegion)")")
        }
    }
}
