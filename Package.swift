// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "invoice-fleet",
    platforms: [.macOS(.v15)], // Synchronization.Mutex
    products: [
        .executable(name: "invoice-fleet", targets: ["invoice-fleet"]),
        .executable(name: "fleet-benchmark", targets: ["fleet-benchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // MARK: - librdkafka, reached only through the Kafka module

        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: - Retrying transient failures (one primitive for every component)

        .target(
            name: "Retrying",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: - AWS wire protocols

        .target(
            name: "AWSSigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "AWSClients",
            dependencies: [
                "AWSSigV4", "Retrying",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - The invoice domain (pure, no I/O)

        .target(name: "InvoiceDomain"),
        .target(name: "InvoiceGenerator", dependencies: ["InvoiceDomain"]),

        // MARK: - Settings (pure: typed reads of flags and environment)

        .target(name: "FleetSettings", dependencies: [.product(name: "Logging", package: "swift-log")]),

        // MARK: - Contracts: messages, dead-letter codes, the Invoices table (no Kafka)

        .target(
            name: "FleetContracts",
            dependencies: ["InvoiceDomain", "AWSClients", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // MARK: - Runtime wiring: AWS clients and provisioning; the contracts on Kafka

        .target(
            name: "FleetRuntime",
            dependencies: [
                "AWSClients", "FleetContracts", "FleetSettings",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "FleetMessaging",
            dependencies: ["Kafka", "FleetContracts", "FleetSettings", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Operations endpoint (/metrics, /health) shared by the services

        .target(
            name: "FleetObservability",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: - The worker pipeline

        .target(
            name: "InvoicePipeline",
            dependencies: [
                "Kafka", "AWSClients", "InvoiceDomain", "FleetContracts", "FleetMessaging", "FleetRuntime",
                "FleetSettings", "FleetObservability", "Retrying",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: - The relay (SQS → invoice-uploads) and the load generator

        .target(
            name: "UploadRelay",
            dependencies: [
                "Kafka", "AWSClients", "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings",
                "FleetObservability", "Retrying",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LoadTest",
            dependencies: [
                "Kafka", "AWSClients", "FleetContracts", "FleetMessaging", "FleetSettings", "InvoiceDomain",
                "InvoiceGenerator", "Retrying",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "loadtest/Sources/LoadTest"
        ),

        // MARK: - The query API (the "API Gateway" role: authenticated reads of Invoices; no Kafka)

        .target(
            name: "InvoiceQueryAPI",
            dependencies: [
                "AWSClients", "InvoiceDomain", "FleetContracts", "FleetRuntime", "FleetSettings", "FleetObservability",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("openapi.json")]
        ),

        // MARK: - Operator tools: DLQ inspect, export, replay; reconcile

        .target(
            name: "DeadLetterTools",
            dependencies: [
                "Kafka", "AWSClients", "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - The executable: parses arguments, runs a component

        .executableTarget(
            name: "invoice-fleet",
            dependencies: [
                "DeadLetterTools", "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings",
                "InvoicePipeline", "InvoiceQueryAPI", "Kafka", "LoadTest", "UploadRelay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: - Benchmarks (figures printed by `fleet-benchmark`, never asserted), out of the production binary

        // Valgrind's callgrind client requests, for the benchmarks' instruction counts.
        .target(name: "CCallgrind"),
        .target(
            name: "FleetBenchmarks",
            dependencies: [
                "CCallgrind", "InvoicePipeline", "InvoiceGenerator", "InvoiceDomain", "FleetContracts", "FleetMessaging",
                "FleetRuntime", "FleetSettings", "Kafka", "AWSClients",
            ]
        ),
        .executableTarget(
            name: "fleet-benchmark",
            dependencies: [
                "FleetBenchmarks", "FleetSettings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Tests

        // The local stack as tests reach it (probes, private topics, tables and buckets): no component in it.
        .target(
            name: "FleetTestSupport",
            dependencies: [
                "AWSClients", "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings", "Kafka",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Tests/FleetTestSupport"
        ),
        // Workers built on a private stack, for the tests of the components above the pipeline.
        .target(
            name: "PipelineTestSupport",
            dependencies: [
                "AWSClients", "FleetRuntime", "FleetSettings", "FleetTestSupport", "InvoicePipeline",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PipelineTestSupport"
        ),
        .testTarget(name: "InvoiceDomainTests", dependencies: ["InvoiceDomain", "InvoiceGenerator"]),
        .testTarget(name: "FleetSettingsTests", dependencies: ["FleetSettings"]),
        .testTarget(name: "FleetContractsTests", dependencies: ["FleetContracts", "InvoiceDomain", "AWSClients"]),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"]),
        .testTarget(
            name: "RetryingTests",
            dependencies: [
                "Retrying",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: [
                "AWSClients", "FleetRuntime", "FleetSettings", "FleetTestSupport", "Retrying",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "FleetTestSupport", "FleetMessaging", "FleetSettings"]),
        .testTarget(
            name: "InvoicePipelineUnitTests",
            dependencies: [
                "InvoicePipeline", "InvoiceGenerator", "InvoiceDomain", "FleetContracts", "FleetSettings", "FleetTestSupport",
                "Kafka", "AWSClients", "Retrying",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "InvoicePipelineTests",
            dependencies: [
                "InvoicePipeline", "InvoiceGenerator", "FleetTestSupport", "PipelineTestSupport", "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings", "Kafka", "AWSClients",
            ]
        ),
        .testTarget(
            name: "KafkaUnitTests",
            dependencies: [
                "Kafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "DeadLetterToolsTests",
            dependencies: [
                "DeadLetterTools", "FleetTestSupport", "PipelineTestSupport", "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings", "Kafka", "AWSClients",
                "InvoicePipeline", "InvoiceGenerator", "InvoiceDomain",
            ]
        ),
        .testTarget(
            name: "UploadRelayTests",
            dependencies: [
                "UploadRelay", "LoadTest", "InvoicePipeline", "InvoiceGenerator", "FleetTestSupport", "PipelineTestSupport",
                "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings", "Kafka", "AWSClients",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "InvoiceQueryAPITests",
            dependencies: [
                "InvoiceQueryAPI", "InvoicePipeline", "UploadRelay", "InvoiceGenerator", "InvoiceDomain", "AWSClients",
                "FleetContracts", "FleetMessaging", "FleetRuntime", "FleetSettings", "FleetTestSupport", "PipelineTestSupport", "Kafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LoadTestTests",
            dependencies: ["LoadTest", "InvoiceGenerator", "InvoiceDomain", "FleetContracts", "FleetMessaging", "FleetSettings", "Kafka"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
