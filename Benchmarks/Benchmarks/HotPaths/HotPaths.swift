import Benchmark
import EpisodeRunner
import Foundation
import PeerPreserveCore
import Providers
import Reports
import Study
import Synchronization

// The fast paths every episode and every report goes through, measured through their public API:
// the OpenAI request body, JSON parsing of a response and of a stored transcript, response-cache
// keys, scenario rendering and a report over a stored run. scripts/bench-hot-paths.sh runs them in
// release and checks them against the baseline in .benchmarkBaselines/ with the thresholds below.
//
// CPU time is read from /proc/self/stat in scheduler ticks (10 ms) on Linux, so it is measured only
// for the report, whose iterations are long enough; the short benchmarks measure wall-clock time
// and mallocs.

/// Allowed regression against the baseline. Wall-clock time is judged on the fastest iteration
/// (p0) and fails at +20%: on this shared 2-core machine the median of the same build was up to
/// 1.9× slower while other builds ran than on a quiet machine, and the fastest iteration mostly
/// held (under sustained load it slows too: a check that fails on a busy machine is rerun when the
/// machine is quiet). CPU time comes in 10 ms ticks, so its fastest iteration is a matter of phase (50 to
/// 70 ms for the same report load); it is judged on the median and fails at +50%, a guard against
/// work added on other threads, which wall-clock time would not show. Mallocs are deterministic
/// for the same code and fail at +5% (median).
enum Tolerance {
    static var time: BenchmarkThresholds { BenchmarkThresholds(relative: [.p0: 20]) }
    static var cpu: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 50]) }
    static var mallocs: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 5]) }

    static func configuration(
        measuresCPU: Bool = false, timeUnits: BenchmarkTimeUnits = .microseconds, maxDuration: Duration = .seconds(2),
        maxIterations: Int = 10_000
    ) -> Benchmark.Configuration {
        var metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal]
        var thresholds: [BenchmarkMetric: BenchmarkThresholds] = [.wallClock: time, .mallocCountTotal: mallocs]
        if measuresCPU {
            metrics.insert(.cpuTotal, at: 1)
            thresholds[.cpuTotal] = cpu
        }
        return .init(
            metrics: metrics, timeUnits: timeUnits, warmupIterations: 3, maxDuration: maxDuration, maxIterations: maxIterations,
            thresholds: thresholds)
    }
}

/// Fixture stores built by report benchmarks' setups, deleted by their teardowns.
let fixtureStores = Mutex<[FixtureStore]>([])

func removeFixtureStores() {
    let stores = fixtureStores.withLock { stores in
        defer { stores.removeAll() }
        return stores
    }
    for store in stores { store.remove() }
}

func buildFixtureStore() async throws -> FixtureStore {
    let store = try await FixtureStore.build()
    fixtureStores.withLock { $0.append(store) }
    return store
}

let benchmarks: @Sendable () -> Void = {
    // MARK: Request encoding

    Benchmark("Request encoding: OpenAI chat body", configuration: Tolerance.configuration()) { benchmark, conversation in
        blackHole(OpenAIChatCodec.encodeRequestBody(conversation.lastRequest, model: Conversation.model))
    } setup: {
        try await Conversation.load()
    }

    // MARK: JSON parsing

    Benchmark("JSON parsing: OpenAI chat response", configuration: Tolerance.configuration()) {
        (benchmark: Benchmark, response: ResponseFixture) in
        blackHole(try OpenAIChatCodec.decodeResponse(response.body, offeredTools: response.tools))
    } setup: {
        let conversation = try await Conversation.load()
        return ResponseFixture(body: conversation.responseBody, tools: conversation.lastRequest.tools)
    }

    Benchmark("JSON parsing: stored transcript", configuration: Tolerance.configuration()) { benchmark, stored in
        blackHole(try JSONParser.parse(stored))
    } setup: {
        Array(try await Conversation.load().transcript.storedJSON.utf8)
    }

    Benchmark("JSON writing: stored transcript", configuration: Tolerance.configuration()) { benchmark, conversation in
        blackHole(conversation.transcript.storedJSON)
    } setup: {
        try await Conversation.load()
    }

    // MARK: Response-cache keys

    Benchmark("Cache key: fresh", configuration: Tolerance.configuration()) { benchmark, conversation in
        blackHole(CachingModelClient.key(model: Conversation.model, request: conversation.lastRequest, episode: conversation.episode))
    } setup: {
        try await Conversation.load()
    }

    Benchmark("Cache key: extended by one turn", configuration: Tolerance.configuration()) { benchmark, conversation in
        // The episode's memo as it stands after the previous request; only the extension is measured.
        let memo = CacheKeyMemo()
        blackHole(memo.key(model: Conversation.model, request: conversation.previousRequest, episode: conversation.episode))
        benchmark.startMeasurement()
        blackHole(memo.key(model: Conversation.model, request: conversation.lastRequest, episode: conversation.episode))
        benchmark.stopMeasurement()
    } setup: {
        try await Conversation.load()
    }

    // MARK: Scenario rendering

    Benchmark("Scenario rendering: one configuration per task", configuration: Tolerance.configuration()) {
        (benchmark: Benchmark, sample: ScenarioSample) in
        for configuration in sample.configurations {
            blackHole(try sample.builder.build(configuration, options: ScenarioOptions(family: "Gemini", seed: 11)))
        }
    } setup: {
        try ScenarioSample.load()
    }

    // MARK: Reports over a stored run

    let report = Tolerance.configuration(measuresCPU: true, timeUnits: .milliseconds, maxDuration: .seconds(5), maxIterations: 40)

    Benchmark("Report: load", configuration: report) { benchmark, store in
        blackHole(try await ReportLoader(database: store.database).load())
    } setup: {
        try await buildFixtureStore()
    } teardown: {
        removeFixtureStores()
    }

    Benchmark("Report: load and render terminal", configuration: report) { benchmark, store in
        blackHole(try await ReportLoader(database: store.database).load().rendered(as: .terminal))
    } setup: {
        try await buildFixtureStore()
    } teardown: {
        removeFixtureStores()
    }

    Benchmark("Report: load and render CSV", configuration: report) { benchmark, store in
        blackHole(try await ReportLoader(database: store.database).load().rendered(as: .csv))
    } setup: {
        try await buildFixtureStore()
    } teardown: {
        removeFixtureStores()
    }
}

/// A provider's answer as the client holds it when it arrives: the body and the tools offered.
struct ResponseFixture: Sendable {
    var body: Data
    var tools: [ToolSpec]
}

/// What the scenario benchmark renders: for each task, the paper suite's first configuration with
/// the peer as subject, a good peer and the relationship in memory.
struct ScenarioSample: Sendable {
    var builder: ScenarioBuilder
    var configurations: [Configuration]

    static func load() throws -> ScenarioSample {
        let content = try StudyContent.builtIn()
        let paper = try content.matrix(suite: "paper").configurations()
        let configurations = try StudyTask.allCases.map { task in
            guard
                let chosen = paper.first(where: {
                    $0.task == task && $0.subject == .peer && $0.condition == .goodPeer && $0.instantiation == .memory
                })
            else { throw FixtureError("the paper suite has no good-peer memory configuration of \(task.rawValue)") }
            return chosen
        }
        return ScenarioSample(builder: ScenarioBuilder(content: content), configurations: configurations)
    }
}
