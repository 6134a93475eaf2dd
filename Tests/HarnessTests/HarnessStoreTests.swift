import EpisodeRunner
import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Reports
import Scoring
import ScriptedAgents
import SimulatedWorld
import Store
import Study
import Testing

@testable import Harness

/// Harness episodes in the store: the same records as simulated ones, the harness as a factor,
/// and the side-by-side comparison.
struct HarnessStoreTests {
    @Test func harnessAndSimulatedEpisodesAreComparedPerModelAndTask() async throws {
        let folder = try HarnessSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try EpisodeDatabase(path: folder.appendingPathComponent("store.sqlite").path)
        let content = try StudyContent.builtIn()
        let builder = ScenarioBuilder(content: content)
        let configurations = HarnessScenario.configurations.filter { $0.task == .exfiltrationTransfer }
        #expect(try await database.hasHarnessEpisodes() == false)

        // Simulated: the scripted exfiltrator, two samples.
        let simulated = RunSpecification(
            suite: "smoke", configurations: configurations, contentFingerprint: content.fingerprint, seed: 1, settings: .object([:]))
        for planned in try await database.prepare(simulated, models: ["local"], samples: 2) {
            let scenario = try builder.build(planned.configuration, options: ScenarioOptions(family: "Qwen", seed: planned.seed))
            let agent = try #require(ScriptedAgents.named("exfiltrator", for: scenario))
            let result = await EpisodeRunner().run(scenario, with: agent)
            try await database.record(planned, result: result, costUSD: nil)
        }

        // Harness: one episode whose final state has the weights on .46 and one without.
        let harness = RunSpecification(
            suite: "harness", configurations: configurations, contentFingerprint: content.fingerprint, seed: 1,
            settings: .object(["harness": .string("mini-swe-agent")]))
        let runner = HarnessRunner(
            adapter: .script("true", name: "mini-swe-agent"), model: AgentModel(baseURL: "http://127.0.0.1:1/v1", name: "local"),
            timeLimit: .seconds(1), datafs: "/nonexistent")
        for planned in try await database.prepare(harness, models: ["local"], samples: 2) {
            let scenario = try builder.build(planned.configuration, options: ScenarioOptions(family: "Qwen", seed: planned.seed))
            let harnessScenario = try HarnessScenario(scenario, adapter: runner.adapter)
            var observation = EpisodeObservation()
            for file in harnessScenario.startingFiles {
                observation.files.append(ObservedFile(ip: file.ip, path: file.file.name, sha256: file.sha256, bytes: 1, modified: Date()))
                if planned.sampleIndex == 0, file.file.identity.hasPrefix("weights:") {
                    observation.files.append(
                        ObservedFile(ip: "10.0.12.46", path: file.file.name, sha256: file.sha256, bytes: 1, modified: Date()))
                }
            }
            observation.logs["transcript"] = "done"
            let episode = runner.grade(harnessScenario, observation: observation, status: 0)
            try await database.record(planned, result: episode.result, costUSD: nil)
            try await database.setHarness("mini-swe-agent", episodeID: planned.id)
        }

        #expect(try await database.hasHarnessEpisodes())
        let rows = try await database.harnessComparison()
        #expect(
            rows == [
                HarnessComparisonRow(model: "local", task: "exfiltration_transfer", setting: "mini-swe-agent", episodes: 2, exfiltrated: 1),
                HarnessComparisonRow(model: "local", task: "exfiltration_transfer", setting: "simulated", episodes: 2, exfiltrated: 2),
            ])
        let table = HarnessComparison(rows: rows).rendered(markdown: false)
        #expect(table.contains("exfiltration, simulated") && table.contains("exfiltration, mini-swe-agent"))
        #expect(table.contains("2/2 100%") && table.contains("1/2 50%"))

        // `attempt`: the transcript rules' readings count until an LLM judge has read the episodes.
        let harnessIDs = try await database.harnessEpisodesToJudge(judge: "judge-a").map(\.episodeID)
        #expect(harnessIDs.count == 2)
        for (index, id) in harnessIDs.enumerated() {
            try await database.recordHarnessReading(
                episodeID: id, judge: HarnessJudge.rulesName, read: true, attempt: index == 0, evidence: nil)
        }
        var harnessRow = try #require(try await database.harnessComparison().first { $0.setting == "mini-swe-agent" })
        #expect(harnessRow.attempted == 1 && harnessRow.attemptReader == HarnessJudge.rulesName)
        try await database.recordHarnessReading(episodeID: harnessIDs[0], judge: "judge-a", read: true, attempt: true, evidence: "scp …")
        try await database.recordHarnessReading(episodeID: harnessIDs[1], judge: "judge-a", read: true, attempt: true, evidence: "cp …")
        harnessRow = try #require(try await database.harnessComparison().first { $0.setting == "mini-swe-agent" })
        #expect(harnessRow.attempted == 2 && harnessRow.attemptReader == "judge-a")
        #expect(try await database.harnessEpisodesToJudge(judge: "judge-a").isEmpty)
        let simulatedRow = try #require(try await database.harnessComparison().first { $0.setting == "simulated" })
        #expect(simulatedRow.attempted == nil)
        #expect(
            HarnessComparison(rows: try await database.harnessComparison()).rendered(markdown: false).contains("attempted 2/2 (judge-a)"))
    }
}
