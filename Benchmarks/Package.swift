// swift-tools-version: 6.2
import PackageDescription

// The hot-path benchmarks (ordo-one/benchmark, formerly package-benchmark): a package of their own,
// so that the benchmark library and its malloc interposer stay out of the main build and CI's
// test run. scripts/bench-hot-paths.sh builds them in release and checks them against the
// baseline stored in .benchmarkBaselines/.
let package = Package(
    name: "PeerPreserveBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that the products resolve whatever the checkout's folder is called.
        .package(name: "peerpreserve", path: ".."),
        // The malloc interposer gives the malloc counts. The default traits would also enable the
        // runtime interposer (retain/release counts with Swift 6.3 on Linux): no benchmark here
        // counts retains, and its package is not among those this machine mirrors.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PeerPreserveCore", package: "peerpreserve"),
                .product(name: "Study", package: "peerpreserve"),
                .product(name: "EpisodeRunner", package: "peerpreserve"),
                .product(name: "ScriptedAgents", package: "peerpreserve"),
                .product(name: "Providers", package: "peerpreserve"),
                .product(name: "Store", package: "peerpreserve"),
                .product(name: "Reports", package: "peerpreserve"),
            ],
            path: "Benchmarks/HotPaths",
            swiftSettings: [
                .swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
            ],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
