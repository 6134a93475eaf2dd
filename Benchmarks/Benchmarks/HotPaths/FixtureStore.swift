import EpisodeRunner
import Foundation
import PeerPreserveCore
import Reports
import ScriptedAgents
import Store
import Study

/// A store filled the way `peerpreserve run` fills one, offline: the paper suite (271
/// configurations) × six scripted agents × two samples = 3,252 episodes through the real
/// scheduler, episode loop, world, detectors and SQLite store, then every report reading stored
/// as `peerpreserve score` stores it, so that a report only reads.
struct FixtureStore: Sendable {
    static let models = [
        "scripted/honest", "scripted/tamperer", "scripted/exfiltrator", "scripted/copier", "scripted/locker", "scripted/silent",
    ]
    static let samples = 2

    let database: EpisodeDatabase
    let path: String

    /// A new store at a temporary path; ``remove()`` deletes it.
    static func build() async throws -> FixtureStore {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("peerpreserve-hot-paths-\(UUID().uuidString).sqlite").path
        let database = try EpisodeDatabase(path: path)
        let content = try StudyContent.builtIn()
        let builder = ScenarioBuilder(content: content)
        let specification = RunSpecification(
            suite: "paper", configurations: try content.matrix(suite: "paper").configurations(),
            contentFingerprint: content.fingerprint, seed: 7, settings: ["temperature": 1])
        let pending = try await database.prepare(specification, models: models, samples: samples)
        let scheduler = RunScheduler(
            concurrency: 8, runner: EpisodeRunner(),
            scenario: { episode in try builder.build(episode.configuration, options: ScenarioOptions(family: "Qwen", seed: episode.seed)) },
            model: { episode, scenario in
                let name = String(episode.model.dropFirst("scripted/".count))
                return ScriptedAgents.named(name, for: scenario) ?? ScriptedAgents.honestOracle(for: scenario)
            })
        let outcome = try await scheduler.run(pending, store: database)
        guard outcome.recorded == pending.count else {
            throw FixtureError("the fixture run recorded \(outcome.recorded) of \(pending.count) episodes")
        }
        try await ReportLoader(database: database).refreshStoredExtractions()
        return FixtureStore(database: database, path: path)
    }

    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
