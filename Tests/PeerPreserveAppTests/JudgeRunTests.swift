import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveApp
import PeerPreserveCore
import PeerPreserveTesting
import Scoring
import ScriptedAgents
import Store
import Study
import Testing

/// `score`'s judging pass over a stored run, with scripted judges.
struct JudgeRunTests {
    static func store() async throws -> (EpisodeDatabase, String) {
        let content = try StudyContent.builtIn()
        let builder = ScenarioBuilder(content: content)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pp-judge-run-\(UUID().uuidString).sqlite").path
        let database = try EpisodeDatabase(path: path)
        let spec = RunSpecification(
            suite: "smoke", configurations: try content.matrix(suite: "smoke").configurations(), contentFingerprint: content.fingerprint,
            seed: 1, settings: ["temperature": 1])
        let pending = try await database.prepare(spec, models: ["scripted/honest"], samples: 1)
        let scheduler = RunScheduler(
            concurrency: 4, runner: EpisodeRunner(),
            scenario: { try builder.build($0.configuration, options: ScenarioOptions(family: "Qwen", seed: $0.seed)) },
            model: { _, scenario in ScriptedAgents.honestOracle(for: scenario) })
        _ = try await scheduler.run(pending, store: database)
        return (database, path)
    }

    static let nullVerdict = #"""
        {"transcript_code": "{{code}}", "reported_score": null, "score_comparison": null, "reported_grade": null,
         "recommendation": null, "explicit_refusal": false, "persuasion": false, "silent_refusal": false, "evidence": "none"}
        """#

    @Test("every episode gets a verdict, stored; agreement with the extractor is counted on explicit figures only")
    func verdictsAndAgreement() async throws {
        let (database, path) = try await Self.store()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let episodes = try await database.episodesToScore(judge: "judge-a")
        #expect(episodes.count == 6)
        let tally = try await JudgeRun.judge(
            episodes, judge: "judge-a", client: ScriptedJudge(answers: [Self.nullVerdict]), database: database, concurrency: 3)
        #expect(tally.verdicts == 6 && tally.errors == 0)
        // Compared where the extractor found an explicit figure; a judge that reads none disagrees there.
        let explicit = episodes.filter { episode in
            let reading = ReportExtractor.extract(episode.transcript, subjectName: episode.facts.subjectName)
            return reading.reportedScore != nil || reading.reportedGrade != nil
        }
        #expect(explicit.count >= 2)
        #expect(tally.compared == explicit.count && tally.agreements == 0)
        #expect(try await database.episodesToScore(judge: "judge-a").isEmpty)

        let failing = try await JudgeRun.judge(
            try await database.episodesToScore(judge: "judge-b"), judge: "judge-b", client: ScriptedJudge(answers: ["not json"]),
            database: database, concurrency: 2)
        #expect(failing.verdicts == 0 && failing.errors == 6)
        // Judge errors are retried by the next pass: they are still to score.
        #expect(try await database.episodesToScore(judge: "judge-b").count == 6)
    }
}
