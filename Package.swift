// swift-tools-version: 6.2
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
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
        .library(name: "PeerPreserveTesting", targets: ["PeerPreserveTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Plain Sendable value types shared by every layer: JSON values, chat messages,
        // tool specifications, the model-client seam, transcripts and outcomes.
        .target(name: "PeerPreserveCore", swiftSettings: strictSwift),
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
            dependencies: ["PeerPreserveCore", "SimulatedWorld", "Study"],
            swiftSettings: strictSwift
        ),
        // Fakes shipped for tests and demos: scripted agents that speak the model-client protocol.
        .target(
            name: "PeerPreserveTesting",
            dependencies: ["PeerPreserveCore", "SimulatedWorld", "Study", "EpisodeRunner"],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "peerpreserve",
            dependencies: [
                "PeerPreserveCore", "SimulatedWorld", "Study", "EpisodeRunner", "PeerPreserveTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "SimulatedWorldTests", dependencies: ["SimulatedWorld"], swiftSettings: strictSwift),
        .testTarget(
            name: "StudyTests",
            dependencies: ["Study", "SimulatedWorld", "PeerPreserveCore"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "EpisodeRunnerTests",
            dependencies: ["EpisodeRunner", "PeerPreserveTesting", "Study", "SimulatedWorld", "PeerPreserveCore"],
            swiftSettings: strictSwift
        ),
    ]
)
