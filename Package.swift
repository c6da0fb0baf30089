// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "invoice-fleet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "invoice-fleet", targets: ["invoice-fleet"]),
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
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - The invoice domain (pure, no I/O)

        .target(name: "InvoiceDomain"),
        .target(name: "InvoiceGenerator", dependencies: ["InvoiceDomain"]),

        // MARK: - Message contracts shared by worker, relay and DLQ tools

        .target(name: "FleetContracts", dependencies: ["Kafka"]),

        // MARK: - The worker pipeline

        .target(
            name: "InvoicePipeline",
            dependencies: [
                "Kafka", "AWSClients", "InvoiceDomain", "FleetContracts", "FleetCore", "Retrying",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: - The relay (SQS → invoice-uploads) and the load generator

        .target(
            name: "UploadRelay",
            dependencies: [
                "Kafka", "AWSClients", "FleetContracts", "FleetCore", "Retrying",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LoadTest",
            dependencies: [
                "Kafka", "AWSClients", "FleetContracts", "FleetCore", "InvoiceDomain", "InvoiceGenerator", "Retrying",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "loadtest/Sources/LoadTest"
        ),

        // MARK: - Benchmarks (figures printed by `invoice-fleet benchmark`, never asserted)

        .target(
            name: "FleetBenchmarks",
            dependencies: ["InvoicePipeline", "InvoiceGenerator", "FleetContracts", "FleetCore", "Kafka", "AWSClients"]
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

        // MARK: - The query API (the "API Gateway" role: authenticated reads of Invoices)

        .target(
            name: "InvoiceQueryAPI",
            dependencies: [
                "AWSClients", "InvoiceDomain", "FleetCore", "FleetObservability",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("openapi.json")]
        ),

        // MARK: - Shared configuration and the executable

        .target(
            name: "FleetCore",
            dependencies: [
                "Kafka", "AWSClients",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DeadLetterTools",
            dependencies: ["Kafka", "AWSClients", "FleetContracts", "FleetCore", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "invoice-fleet",
            dependencies: [
                "Kafka", "AWSClients", "InvoiceDomain", "FleetCore", "FleetContracts", "InvoicePipeline", "FleetObservability", "FleetBenchmarks",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), "DeadLetterTools",
                "UploadRelay", "LoadTest", "InvoiceQueryAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Tests

        .target(
            name: "FleetTestSupport",
            dependencies: [
                "FleetCore", "FleetContracts", "InvoicePipeline", "Kafka", "AWSClients",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/FleetTestSupport"
        ),
        .testTarget(name: "InvoiceDomainTests", dependencies: ["InvoiceDomain", "InvoiceGenerator"]),
        .testTarget(
            name: "InvoicePipelineTests",
            dependencies: ["InvoicePipeline", "InvoiceGenerator", "FleetTestSupport", "FleetContracts"]
        ),
        .testTarget(
            name: "InvoicePipelineUnitTests",
            dependencies: ["InvoicePipeline", "InvoiceGenerator", "FleetContracts"]
        ),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"]),
        .testTarget(name: "RetryingTests", dependencies: ["Retrying"]),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: [
                "AWSClients", "FleetCore", "FleetTestSupport", "Retrying",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "FleetTestSupport"]),
        .testTarget(
            name: "DeadLetterToolsTests",
            dependencies: [
                "DeadLetterTools", "FleetTestSupport", "FleetContracts", "FleetCore", "Kafka", "AWSClients",
                "InvoicePipeline", "InvoiceGenerator", "InvoiceDomain",
            ]
        ),
        .testTarget(
            name: "UploadRelayTests",
            dependencies: [
                "UploadRelay", "LoadTest", "InvoicePipeline", "InvoiceGenerator", "FleetTestSupport", "FleetContracts",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "InvoiceQueryAPITests",
            dependencies: [
                "InvoiceQueryAPI", "InvoicePipeline", "UploadRelay", "InvoiceGenerator", "InvoiceDomain", "AWSClients",
                "FleetContracts", "FleetCore", "FleetTestSupport", "Kafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "LoadTestTests", dependencies: ["LoadTest", "InvoiceGenerator", "FleetContracts", "Kafka"]),
    ],
    swiftLanguageModes: [.v6]
)
