// swift-tools-version:6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 mode with the upcoming features Hummingbird itself uses.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "taskbridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trello-sandbox", targets: ["trello-sandbox"]),
        .executable(name: "slack-sandbox", targets: ["slack-sandbox"]),
        .executable(name: "taskbridge-worker", targets: ["taskbridge-worker"]),
        .executable(name: "taskbridge-api", targets: ["taskbridge-api"]),
        .executable(name: "taskbridge", targets: ["taskbridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C libraries the user chose, reached as system libraries.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // Client modules: they know nothing of tasks.
        .target(
            name: "PostgresClient",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RedisClient",
            dependencies: [
                "CHiredis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CurlClient",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Trello's REST API over the HTTP module: typed errors, credentials in the header.
        .target(
            name: "Trello",
            dependencies: ["CurlClient"],
            swiftSettings: swiftSettings
        ),

        // Slack's incoming webhooks over the HTTP module: errors sorted by whose fault they are.
        .target(
            name: "Slack",
            dependencies: ["CurlClient"],
            swiftSettings: swiftSettings
        ),
        // RFC 5322 messages for the SMTP send of the HTTP module's session: headers checked, subjects encoded.
        .target(
            name: "Mail",
            swiftSettings: swiftSettings
        ),

        // The worker: every accepted task becomes exactly one Trello card (library + executable).
        .target(
            name: "TaskBridgeWorker",
            dependencies: [
                "TaskBridgeRuntime",
                "CurlClient",
                "PostgresClient",
                "RedisClient",
                "TaskBridgeCore",
                "Trello",
                "Slack",
                "Mail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "taskbridge-worker",
            dependencies: [
                "TaskBridgeRuntime",
                "TaskBridgeCore",
                "TaskBridgeWorker",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The domain: kinds, validation, bug titles, card plans, retry policy, settings. No HTTP server in it.
        // The domain: what a task is, its kinds and card, the store and the queue protocol. Never process concerns.
        .target(
            name: "TaskBridgeCore",
            dependencies: [
                "PostgresClient",
                "RedisClient",
                "TaskBridgeJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // A JSON value and its parser, for request bodies.
        .target(
            name: "TaskBridgeJSON",
            swiftSettings: swiftSettings
        ),
        // What a process needs to run: the environment, settings errors, pools, start-up, batching.
        .target(
            name: "TaskBridgeRuntime",
            dependencies: [
                "PostgresClient",
                "RedisClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The processes: the HTTP API (library + executable) and the admin CLI.
        .target(
            name: "TaskBridgeAPI",
            dependencies: [
                "TaskBridgeJSON",
                "TaskBridgeRuntime",
                "PostgresClient",
                "RedisClient",
                "TaskBridgeCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The OpenAPI document and the dashboard's stylesheet and script, read when the application is built
            // (`Bundle.module`).
            resources: [
                .copy("Resources/openapi.json"), .copy("Resources/dashboard.css"), .copy("Resources/dashboard.js"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "taskbridge-api",
            dependencies: [
                "TaskBridgeRuntime",
                "TaskBridgeAPI",
                "TaskBridgeCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "taskbridge",
            dependencies: [
                "TaskBridgeRuntime",
                "PostgresClient",
                "TaskBridgeCore",
                "TaskBridgeWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // The local Trello: Hummingbird and its own model of a board, none of the bridge's code.
        .target(
            name: "TrelloSandbox",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "trello-sandbox",
            dependencies: [
                "TrelloSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // The local Slack: incoming webhooks with dead hooks and faults, none of the bridge's code.
        .target(
            name: "SlackSandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "slack-sandbox",
            dependencies: [
                "SlackSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Tests: every integration test talks to the real servers `make test` starts.
        .target(
            name: "TestSupport",
            dependencies: [
                "PostgresClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: [
                "PostgresClient",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RedisClientTests",
            dependencies: ["RedisClient", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CurlClientTests",
            dependencies: [
                "CurlClient",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TaskBridgeAPITests",
            dependencies: [
                "CurlClient",
                "TaskBridgeJSON",
                "TaskBridgeRuntime",
                "PostgresClient",
                "RedisClient",
                "TaskBridgeAPI",
                "TaskBridgeCore",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TaskBridgeWorkerTests",
            dependencies: [
                "TaskBridgeRuntime",
                "CurlClient",
                "PostgresClient",
                "RedisClient",
                "TaskBridgeAPI",
                "TaskBridgeCore",
                "TaskBridgeWorker",
                "TestSupport",
                "Trello",
                "TrelloSandbox",
                "SlackSandbox",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Tests that need no server: the domain, and the API's and worker's types on in-memory doubles
        // (`swift test --filter TaskBridgeUnitTests`).
        .testTarget(
            name: "TaskBridgeUnitTests",
            dependencies: [
                "PostgresClient",
                "RedisClient",
                "TaskBridgeJSON",
                "TaskBridgeRuntime",
                "TaskBridgeAPI",
                "TaskBridgeCore",
                "TaskBridgeWorker",
                "Trello",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TrelloTests",
            dependencies: [
                "CurlClient",
                "Trello",
                "TrelloSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShippingTests",
            dependencies: [
                "TaskBridgeRuntime",
                "TaskBridgeWorker",
                "PostgresClient",
                "TaskBridgeAPI",
                "TaskBridgeCore",
                "TestSupport",
                "TrelloSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SlackSandboxTests",
            dependencies: [
                "SlackSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SlackTests",
            dependencies: [
                "CurlClient",
                "Slack",
                "SlackSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Mail over SMTP against a real server (`scripts/smtp-sandbox`, aiosmtpd with STARTTLS and AUTH).
        .testTarget(
            name: "MailTests",
            dependencies: [
                "CurlClient",
                "Mail",
                "TestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TrelloSandboxTests",
            dependencies: [
                "TrelloSandbox",
                "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
