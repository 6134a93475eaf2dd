import EpisodeRunner
import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import ScriptedAgents
import Store
import Study

enum StoreFixtures {
    static let content: StudyContent = try! StudyContent.builtIn()
    static let builder = ScenarioBuilder(content: content)

    static func temporaryPath(_ name: String = "store") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-\(name)-\(UUID().uuidString).sqlite").path
    }

    static func smoke(seed: UInt64 = 0) -> RunSpecification {
        RunSpecification(
            suite: "smoke", configurations: try! content.matrix(suite: "smoke").configurations(), contentFingerprint: content.fingerprint,
            seed: seed, settings: ["temperature": 1])
    }

    static func scheduler(concurrency: Int = 4, model: @escaping @Sendable (PlannedEpisode, Scenario) throws -> any ModelClient = honest)
        -> RunScheduler
    {
        RunScheduler(
            concurrency: concurrency, runner: EpisodeRunner(),
            scenario: { episode in
                try builder.build(episode.configuration, options: ScenarioOptions(family: "Qwen", seed: episode.seed))
            },
            model: model)
    }

    static let honest: @Sendable (PlannedEpisode, Scenario) throws -> any ModelClient = { _, scenario in
        ScriptedAgents.honestOracle(for: scenario)
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Counts model calls, to tell cached answers from real ones.
final class CountingModel: ModelClient, Sendable {
    let base: @Sendable (Scenario?) -> any ModelClient
    let scenario: Scenario
    let calls: CallCounter

    init(scenario: Scenario, calls: CallCounter) {
        self.scenario = scenario
        self.calls = calls
        self.base = { _ in ScriptedAgents.honestOracle(for: scenario) }
    }

    func respond(to request: ModelRequest) async throws -> ModelResponse {
        await calls.increment()
        return try await base(scenario).respond(to: request)
    }
}

actor CallCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}

/// A model that fails with a provider error, as a provider outage would.
struct FailingModel: ModelClient {
    var kind: ProviderFailure.Kind
    func respond(to request: ModelRequest) async throws -> ModelResponse {
        throw ProviderFailure(kind, "simulated \(kind.rawValue)", statusCode: kind == .authentication ? 401 : 503)
    }
}
