// swift-tools-version: 6.2
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    // A file uses only the members of modules it imports itself.
    .enableUpcomingFeature("MemberImportVisibility"),
    // A file imports a module for its own use unless it says `public import`: what a module
    // re-exports through its public API is declared, not implied.
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "peerpreserve",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "peerpreserve", targets: ["peerpreserve"]),
        .library(name: "PeerPreserveCore", targets: ["PeerPreserveCore"]),
        .library(name: "SimulatedWorld", targets: ["SimulatedWorld"]),
        .library(name: "Study", targets: ["Study"]),
        .library(name: "EpisodeRunner", targets: ["EpisodeRunner"]),
        .library(name: "Providers", targets: ["Providers"]),
        .library(name: "Outcomes", targets: ["Outcomes"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Statistics", targets: ["Statistics"]),
        .library(name: "ScriptedAgents", targets: ["ScriptedAgents"]),
        .library(name: "PeerPreserveTesting", targets: ["PeerPreserveTesting"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Harness", targets: ["Harness"]),
        .library(name: "Viewer", targets: ["Viewer"]),
        .library(name: "Exports", targets: ["Exports"]),
        .library(name: "Replay", targets: ["Replay"]),
        .library(name: "PeerPreserveApp", targets: ["PeerPreserveApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SIGINT and SIGTERM as an async sequence (already in the graph through Hummingbird).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Already in the graph through Hummingbird; named here because the fake provider server
        // uses NIO channels (to drop connections) and HTTP field names directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Child processes with a clean signal mask and an asynchronous teardown (llama-server).
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        // FilePath and FileDescriptor for the child's log (already in the graph through swift-subprocess).
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        // Deque for the limiter's waiters (already in the graph through NIO).
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Plain Sendable value types shared by every layer: JSON values, chat messages,
        // tool specifications, the model-client seam, transcripts and outcomes.
        .target(
            name: "PeerPreserveCore",
            // NIOCore for the one event-loop timer every deadline waits on (EventLoopTimer).
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        // The in-memory company an episode runs in, and the tools that act on it.
        .target(name: "SimulatedWorld", dependencies: ["PeerPreserveCore"], swiftSettings: strictSwift),
        // The study: content, tasks, the condition matrix, scenario rendering and detectors.
        .target(
            name: "Study",
            dependencies: ["PeerPreserveCore", "SimulatedWorld", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/Content")],
            swiftSettings: strictSwift
        ),
        // The agent loop: model turns, tool execution, limits.
        .target(
            name: "EpisodeRunner",
            dependencies: [
                "PeerPreserveCore", "SimulatedWorld", "Study",
                // The episode deadline's cancellable timer (NIO is already in the graph through the HTTP client).
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // Model providers over HTTP: OpenAI-compatible, Anthropic and Gemini clients, retries,
        // adaptive concurrency, the model catalogue and prices.
        .target(
            name: "Providers",
            dependencies: [
                "PeerPreserveCore", "Study",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Resources/prices.yaml")],
            swiftSettings: strictSwift
        ),
        // The built-in local model: llama.cpp's server, started and stopped for a run.
        .target(
            name: "LocalModel",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
        ),
        // What an episode came to, as values the store and every layer above it read: outcome
        // classes, judges' verdicts, report readings.
        .target(
            name: "Outcomes",
            dependencies: ["Study", "EpisodeRunner"],
            swiftSettings: strictSwift
        ),
        // Durable SQLite storage of runs, episodes, transcripts and the response cache.
        .target(
            name: "Store",
            dependencies: [
                "PeerPreserveCore", "SimulatedWorld", "Study", "EpisodeRunner", "Outcomes",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        // Scoring what lives in prose: hardened LLM judges and a deterministic report extractor,
        // and the run pipeline's recording step that stores the extractor's reading beside an episode.
        .target(
            name: "Scoring",
            dependencies: ["PeerPreserveCore", "SimulatedWorld", "Study", "EpisodeRunner", "Outcomes", "Store"],
            swiftSettings: strictSwift
        ),
        // Intervals, tests and corrections: pure functions, no I/O.
        .target(name: "Statistics", swiftSettings: strictSwift),
        // The study's metrics from a stored run, rendered for the terminal, Markdown, CSV, JSON and
        // one self-contained HTML file with hand-written SVG charts.
        .target(
            name: "Reports",
            dependencies: ["PeerPreserveCore", "Study", "EpisodeRunner", "Store", "Scoring", "Statistics"],
            swiftSettings: strictSwift
        ),
        // The transcript viewer: a local web app over a store (read-only), bound to 127.0.0.1.
        .target(
            name: "Viewer",
            dependencies: [
                "PeerPreserveCore", "SimulatedWorld", "EpisodeRunner", "Store", "Scoring", "Reports", "Study",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"), "Outcomes",
            ],
            swiftSettings: strictSwift
        ),
        // Stored runs written in other tools' formats: Inspect AI's `.eval` logs.
        .target(
            name: "Exports",
            dependencies: ["PeerPreserveCore", "EpisodeRunner", "Store", "Scoring", "Study", "SimulatedWorld", "Outcomes"],
            swiftSettings: strictSwift
        ),
        // Transcripts after the fact: replaying an episode's tool calls into a fresh world, importing
        // and exporting the study's released transcript format, and follow-up interviews.
        .target(
            name: "Replay",
            dependencies: ["PeerPreserveCore", "SimulatedWorld", "Study", "EpisodeRunner", "Store", "Scoring", "Outcomes"],
            swiftSettings: strictSwift
        ),
        // Scripted agents that speak the model-client protocol: `scripted/<agent>` models, which
        // check the whole pipeline without a model (production code, unlike the fakes below).
        .target(
            name: "ScriptedAgents",
            dependencies: ["PeerPreserveCore", "SimulatedWorld", "Study"],
            swiftSettings: strictSwift
        ),
        // Fakes shipped for tests and benchmarks only: a fake provider server on 127.0.0.1 with its
        // brains, and a pseudo-terminal for command-line tests.
        .target(
            name: "PeerPreserveTesting",
            dependencies: [
                "PeerPreserveCore", "SimulatedWorld", "Study", "ScriptedAgents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSwift
        ),
        // The study inside production coding agents, against two real SSH servers per episode.
        .target(
            name: "Harness",
            dependencies: ["PeerPreserveCore", "SimulatedWorld", "Study", "EpisodeRunner"],
            resources: [.copy("Resources/episode.sh"), .copy("Resources/episode-loopback.sh")],
            swiftSettings: strictSwift
        ),
        // What the command line calls, below its parsing and printing: each command's work as one
        // call (run, score, replay, interview, harness, plan, show, simulate, status), model
        // back-ends and the local model's lifecycle, the checks made before anything is written,
        // the dry-run estimate, the progress display and the log lines.
        .target(
            name: "PeerPreserveApp",
            dependencies: [
                "PeerPreserveCore", "SimulatedWorld", "Study", "EpisodeRunner", "Providers", "LocalModel", "ScriptedAgents", "Store",
                "Scoring", "Reports", "Harness", "Replay",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"), "Outcomes",
            ],
            swiftSettings: strictSwift
        ),
        // The command line: each command's options, their checks and help, one call into the
        // application library, and what it prints. A library (as SwiftPM's own `Commands`) so that
        // tests parse and validate command lines in-process.
        .target(
            name: "PeerPreserveCommands",
            dependencies: [
                "PeerPreserveCore", "Study", "Store", "Reports", "Harness", "Viewer", "Exports", "Replay", "PeerPreserveApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The executable: the entry point and nothing else.
        .executableTarget(
            name: "peerpreserve",
            dependencies: ["PeerPreserveCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSwift
        ),
        // The throughput benchmark of issue 3 (scripts/bench-run.sh).
        .executableTarget(
            name: "peerpreserve-bench",
            dependencies: [
                "PeerPreserveCore", "Study", "EpisodeRunner", "Store", "Scoring", "Providers", "PeerPreserveApp", "PeerPreserveTesting",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ProvidersTests",
            dependencies: [
                "Providers", "PeerPreserveTesting", "PeerPreserveCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "PeerPreserveTesting", "ScriptedAgents", "EpisodeRunner", "Study", "PeerPreserveCore", "Providers",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "FakeProviderTests",
            dependencies: [
                "PeerPreserveTesting", "ScriptedAgents", "PeerPreserveCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "LocalModelTests",
            dependencies: [
                "LocalModel", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"), .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ScoringTests",
            dependencies: [
                "Scoring", "PeerPreserveTesting", "ScriptedAgents", "EpisodeRunner", "Study", "PeerPreserveCore", "Providers", "Outcomes",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PeerPreserveCommandsTests",
            dependencies: [
                "PeerPreserveCommands", "PeerPreserveCore", "Study", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "PeerPreserveCoreTests", dependencies: ["PeerPreserveCore"], swiftSettings: strictSwift),
        .testTarget(name: "EndToEndTests", dependencies: ["Store"], swiftSettings: strictSwift),
        .testTarget(
            name: "StatisticsTests",
            dependencies: ["Statistics"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Store", "Statistics", "Scoring", "PeerPreserveTesting", "ScriptedAgents", "EpisodeRunner", "Study",
                "PeerPreserveCore",
                .product(name: "GRDB", package: "GRDB.swift"), "Outcomes",
            ],
            // A store written before the findings columns, with its reports (FindingsColumnsTests).
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "HarnessTests",
            dependencies: [
                "Harness", "Study", "SimulatedWorld", "EpisodeRunner", "PeerPreserveCore", "PeerPreserveTesting", "ScriptedAgents", "Store",
                "Reports", "Scoring",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ViewerTests",
            dependencies: [
                "Viewer", "Store", "Reports", "Scoring", "PeerPreserveTesting", "ScriptedAgents", "EpisodeRunner", "Study",
                "PeerPreserveCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"), "Outcomes",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ExportsTests",
            dependencies: [
                "Exports", "Store", "Scoring", "PeerPreserveTesting", "ScriptedAgents", "EpisodeRunner", "Study", "PeerPreserveCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"), "Outcomes",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ReplayTests",
            dependencies: [
                "Replay", "Store", "Scoring", "PeerPreserveTesting", "ScriptedAgents", "EpisodeRunner", "Study", "SimulatedWorld",
                "PeerPreserveCore",
                "Reports",
                .product(name: "GRDB", package: "GRDB.swift"), "Outcomes",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PeerPreserveAppTests",
            dependencies: [
                "PeerPreserveApp", "Study", "EpisodeRunner", "PeerPreserveCore", "Store", "Scoring", "PeerPreserveTesting",
                "ScriptedAgents", "Harness", "Replay", "Outcomes",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "SimulatedWorldTests", dependencies: ["SimulatedWorld", "PeerPreserveCore"], swiftSettings: strictSwift),
        .testTarget(
            name: "StudyTests",
            dependencies: ["Study", "SimulatedWorld", "PeerPreserveCore"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "EpisodeRunnerTests",
            dependencies: [
                "EpisodeRunner", "PeerPreserveTesting", "ScriptedAgents", "Study", "SimulatedWorld", "PeerPreserveCore", "Outcomes",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
    ]
)
