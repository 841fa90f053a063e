// swift-tools-version:6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 mode with the upcoming features Hummingbird itself uses.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The products of other packages that our targets use, named once.
extension Target.Dependency {
    static let argumentParser = product(name: "ArgumentParser", package: "swift-argument-parser")
    static let crypto = product(name: "Crypto", package: "swift-crypto")
    static let hummingbird = product(name: "Hummingbird", package: "hummingbird")
    static let hummingbirdCore = product(name: "HummingbirdCore", package: "hummingbird")
    static let hummingbirdTesting = product(name: "HummingbirdTesting", package: "hummingbird")
    static let logging = product(name: "Logging", package: "swift-log")
    static let metrics = product(name: "Metrics", package: "swift-metrics")
    static let nioConcurrencyHelpers = product(name: "NIOConcurrencyHelpers", package: "swift-nio")
    static let nioCore = product(name: "NIOCore", package: "swift-nio")
    static let nioHTTPTypes = product(name: "NIOHTTPTypes", package: "swift-nio-extras")
    static let nioPosix = product(name: "NIOPosix", package: "swift-nio")
    static let prometheus = product(name: "Prometheus", package: "swift-prometheus")
    static let serviceLifecycle = product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
    static let unixSignals = product(name: "UnixSignals", package: "swift-service-lifecycle")
}

/// A library target of ours, with our settings.
func library(
    _ name: String, _ dependencies: [Target.Dependency] = [], path: String? = nil, resources: [Resource]? = nil
) -> Target {
    .target(name: name, dependencies: dependencies, path: path, resources: resources, swiftSettings: swiftSettings)
}

/// An executable target of ours, with our settings.
func executable(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, swiftSettings: swiftSettings)
}

/// A test target of ours, with our settings.
func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, swiftSettings: swiftSettings)
}

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
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Client modules: they know nothing of tasks.
        library("PostgresClient", ["CLibPQ", .logging, .nioConcurrencyHelpers, .nioPosix, .serviceLifecycle]),
        library("RedisClient", ["CHiredis", .logging, .nioConcurrencyHelpers, .nioPosix, .serviceLifecycle]),
        library("CurlClient", ["CCurl", .logging]),

        // Trello's REST API over the HTTP module: typed errors, credentials in the header.
        library("Trello", ["CurlClient"]),

        // Slack's incoming webhooks over the HTTP module: errors sorted by whose fault they are.
        library("Slack", ["CurlClient"]),
        // RFC 5322 messages for the SMTP send of the HTTP module's session: headers checked, subjects encoded.
        library("Mail"),

        // The worker: every accepted task becomes exactly one Trello card (library + executable).
        library(
            "TaskBridgeWorker",
            [
                "TaskBridgeRuntime", "CurlClient", "PostgresClient", "RedisClient", "TaskBridgeCore", "Trello", "Slack",
                "Mail", .crypto, .logging, .metrics, .serviceLifecycle, .unixSignals,
            ]),
        executable(
            "taskbridge-worker",
            [
                "TaskBridgeRuntime", "TaskBridgeCore", "TaskBridgeWorker",
                .hummingbird, .logging, .metrics, .nioCore, .prometheus, .serviceLifecycle,
            ]),

        // The domain: what a task is, its kinds and card, the store and the queue protocol. Never process concerns.
        library("TaskBridgeCore", ["PostgresClient", "RedisClient", "TaskBridgeJSON", .crypto, .logging]),
        // A JSON value and its parser, for request bodies.
        library("TaskBridgeJSON"),
        // What a process needs to run: the environment, settings errors, pools, start-up, batching.
        library("TaskBridgeRuntime", ["PostgresClient", "RedisClient", .logging, .serviceLifecycle]),

        // The processes: the HTTP API (library + executable) and the admin CLI.
        library(
            "TaskBridgeAPI",
            [
                "TaskBridgeJSON", "TaskBridgeRuntime", "PostgresClient", "RedisClient", "TaskBridgeCore",
                .crypto, .hummingbird, .hummingbirdCore, .logging, .nioCore, .nioHTTPTypes, .prometheus,
                .serviceLifecycle,
            ],
            // The OpenAPI document and the dashboard's stylesheet and script, read when the application is built
            // (`Bundle.module`).
            resources: [
                .copy("Resources/openapi.json"), .copy("Resources/dashboard.css"), .copy("Resources/dashboard.js"),
            ]),
        executable(
            "taskbridge-api",
            [
                "TaskBridgeRuntime", "TaskBridgeAPI", "TaskBridgeCore",
                .hummingbird, .logging, .metrics, .prometheus, .serviceLifecycle, .unixSignals,
            ]),
        executable(
            "taskbridge",
            ["TaskBridgeRuntime", "PostgresClient", "TaskBridgeCore", "TaskBridgeWorker", .argumentParser, .logging]),

        // The local Trello: Hummingbird and its own model of a board, none of the bridge's code.
        library("TrelloSandbox", [.crypto, .hummingbird, .hummingbirdCore, .logging, .nioCore]),
        executable("trello-sandbox", ["TrelloSandbox", .argumentParser, .hummingbird, .logging]),

        // The local Slack: incoming webhooks with dead hooks and faults, none of the bridge's code.
        library("SlackSandbox", [.hummingbird, .logging]),
        executable("slack-sandbox", ["SlackSandbox", .argumentParser, .hummingbird, .logging]),

        // Tests: every integration test talks to the real servers `make test` starts.
        library("TestSupport", ["PostgresClient", .logging], path: "Tests/TestSupport"),
        tests("PostgresClientTests", ["PostgresClient", "TestSupport", .logging]),
        tests("RedisClientTests", ["RedisClient", "TestSupport"]),
        tests("CurlClientTests", ["CurlClient", "TestSupport", .hummingbird, .nioCore]),
        tests(
            "TaskBridgeAPITests",
            [
                "CurlClient", "TaskBridgeJSON", "TaskBridgeRuntime", "PostgresClient", "RedisClient", "TaskBridgeAPI",
                "TaskBridgeCore", "TestSupport",
                .hummingbird, .hummingbirdTesting, .logging, .nioCore, .nioPosix,
            ]),
        tests(
            "TaskBridgeWorkerTests",
            [
                "TaskBridgeRuntime", "CurlClient", "PostgresClient", "RedisClient", "TaskBridgeAPI", "TaskBridgeCore",
                "TaskBridgeWorker", "TestSupport", "Trello", "TrelloSandbox", "SlackSandbox",
                .crypto, .hummingbird, .hummingbirdTesting, .logging, .serviceLifecycle,
            ]),
        // Tests that need no server: the domain, and the API's and worker's types on in-memory doubles
        // (`swift test --filter TaskBridgeUnitTests`).
        tests(
            "TaskBridgeUnitTests",
            [
                "PostgresClient", "RedisClient", "TaskBridgeJSON", "TaskBridgeRuntime", "TaskBridgeAPI",
                "TaskBridgeCore", "TaskBridgeWorker", "TestSupport", "Trello",
                .hummingbird, .hummingbirdTesting, .logging, .serviceLifecycle,
            ]),
        tests("TrelloTests", ["CurlClient", "Trello", "TrelloSandbox", .hummingbird, .hummingbirdTesting]),
        tests(
            "ShippingTests",
            [
                "TaskBridgeRuntime", "TaskBridgeWorker", "PostgresClient", "TaskBridgeAPI", "TaskBridgeCore",
                "TestSupport", "TrelloSandbox",
                .hummingbird, .hummingbirdTesting, .logging,
            ]),
        tests("SlackSandboxTests", ["SlackSandbox", .hummingbird, .hummingbirdTesting, .logging]),
        tests("SlackTests", ["CurlClient", "Slack", "SlackSandbox", .hummingbird, .hummingbirdTesting, .logging]),
        // Mail over SMTP against a real server (`scripts/smtp-sandbox`, aiosmtpd with STARTTLS and AUTH).
        tests("MailTests", ["CurlClient", "Mail", "TestSupport"]),
        tests(
            "TrelloSandboxTests",
            ["TrelloSandbox", "TestSupport", .crypto, .hummingbird, .hummingbirdTesting, .logging]),
    ]
)
