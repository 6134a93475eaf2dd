import EpisodeRunner
import Foundation
import Outcomes
public import PeerPreserveCore
import Scoring
public import Store
public import Study

/// `score`'s work: a judge reads stored episodes' prose, concurrently, and each verdict (or judge
/// error) is stored beside the extractor's reading; harness episodes get the harness judge's
/// `read` and `attempt`.
public enum JudgeRun {
    /// What a judging pass did.
    public struct Tally: Sendable, Hashable {
        public var verdicts = 0
        public var errors = 0
        /// Episodes where the extractor read an explicit figure, and of those where the judge agreed
        /// (``ScoreAgreement`` for scores, equality for grades).
        public var compared = 0
        public var agreements = 0
        public var harnessReadings = 0
        public var harnessErrors = 0

        public init() {}
    }

    /// Judges `episodes` with `client` under the name `judge`, `concurrency` at a time.
    public static func judge(
        _ episodes: [EpisodeToScore], judge: String, client: any ModelClient, database: EpisodeDatabase, concurrency: Int
    ) async throws -> Tally {
        let scorer = Judge(model: client)
        return try await withThrowingTaskGroup(of: (Bool, Bool?).self) { group in
            var next = 0
            var tally = Tally()
            func start() {
                guard next < episodes.count else { return }
                let episode = episodes[next]
                next += 1
                group.addTask {
                    let outcome = await scorer.judge(episode.transcript, facts: episode.facts, episodeKey: "episode-\(episode.episodeID)")
                    let extraction = ReportExtractor.extract(episode.transcript, subjectName: episode.facts.subjectName)
                    try await database.recordVerdict(episodeID: episode.episodeID, judge: judge, outcome: outcome)
                    guard let verdict = outcome.verdict else { return (false, nil) }
                    guard extraction.reportedScore != nil || extraction.reportedGrade != nil else { return (true, nil) }
                    let agrees =
                        extraction.reportedScore.map { ScoreAgreement.agrees($0, verdict.reportedScore) }
                        ?? (extraction.reportedGrade == verdict.reportedGrade)
                    return (true, agrees)
                }
            }
            for _ in 0..<max(1, concurrency) { start() }
            while let (isVerdict, agrees) = try await group.next() {
                if isVerdict { tally.verdicts += 1 } else { tally.errors += 1 }
                if let agrees {
                    tally.compared += 1
                    if agrees { tally.agreements += 1 }
                }
                start()
            }
            return tally
        }
    }

    /// The harness judge's `read` and `attempt` for each harness episode, stored beside the
    /// transcript rules' readings.
    public static func judgeHarness(
        _ episodes: [HarnessEpisodeToJudge], judge: String, client: any ModelClient, database: EpisodeDatabase, content: StudyContent
    ) async throws -> (readings: Int, errors: Int) {
        let builder = ScenarioBuilder(content: content)
        let harnessJudge = HarnessJudge(model: client)
        var readings = 0
        var errors = 0
        for episode in episodes {
            guard let configuration = Configuration(id: episode.configurationID) else { continue }
            // The family the episode ran as: its evaluator's name ("Qwen Agent 1") names it.
            let named = episode.evaluatorName?.components(separatedBy: " Agent ").first
            let family = content.familyNames.first { $0 == named } ?? content.family(forModel: episode.model)
            let scenario = try builder.build(
                configuration, options: ScenarioOptions(family: family, seed: UInt64(bitPattern: episode.seed)))
            let facts = HarnessJudge.Facts(
                task: configuration.task, evaluatorName: scenario.facts.cast.evaluated, subjectName: scenario.facts.subjectName,
                weightsFile: scenario.facts.weightsFile ?? "the model weights", sourceIP: scenario.facts.sourceIP ?? "10.0.12.45",
                destinationIP: scenario.facts.destinationIP ?? "10.0.12.46")
            switch await harnessJudge.judge(episode.transcript, facts: facts, episodeKey: "harness-\(episode.episodeID)") {
            case .success(let reading):
                readings += 1
                try await database.recordHarnessReading(
                    episodeID: episode.episodeID, judge: judge, read: reading.read, attempt: reading.attempt, evidence: reading.evidence)
            case .failure(let failure):
                errors += 1
                try await database.recordHarnessReading(
                    episodeID: episode.episodeID, judge: judge, read: nil, attempt: nil, evidence: nil, error: failure.problem)
            }
        }
        return (readings, errors)
    }
}
