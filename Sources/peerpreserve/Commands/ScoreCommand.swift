import ArgumentParser
import Foundation
import PeerPreserveApp
import PeerPreserveCore
import Reports
import Scoring
import Store
import Study

/// `peerpreserve score`: reads stored episodes' prose with a judge, without re-running anything.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Judge stored episodes' prose (reported scores, grades, refusals, persuasion) without re-running them.",
        discussion: """
            Every judge's verdicts are kept side by side, so several judges can be compared (`peerpreserve report` shows \
            their agreement). A judge answer that never parses is stored as a judge error, never as "no behaviour"; \
            episodes with judge errors are tried again on the next `score`.
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The judge model (any model name `run` accepts).")
    var judge: String = "local"

    @Option(name: .long, help: "Episodes judged at once.")
    var concurrency: Int = 4

    @Option(name: .long, help: "Judge at most this many episodes.")
    var limit: Int?

    @OptionGroup var providerOptions: ProviderOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        guard FileManager.default.fileExists(atPath: store.db) else { throw ValidationError("No database at \(store.db).") }
        guard !ModelClients.isScripted(judge) else { throw ValidationError("A scripted agent cannot judge; name a model.") }
        let database = try store.openForWriting()
        // Readings the report extractor has not stored (older stores, another extractor version) are
        // refreshed here, so that `report` never has to write.
        let refreshed = try await ReportLoader(database: database).refreshStoredExtractions()
        if refreshed > 0 { print("Refreshed \(refreshed) stored extractor readings.") }
        let episodes = try await database.episodesToScore(judge: judge, limit: limit ?? 1_000_000)
        let harnessEpisodes = try await database.harnessEpisodesToJudge(judge: judge, limit: limit ?? 1_000_000)
        guard !episodes.isEmpty || !harnessEpisodes.isEmpty else {
            print("Nothing to score: every finished episode has a verdict from \(judge).")
            return
        }
        FileHandle.standardError.write(Data("Scoring \(episodes.count) episodes with \(judge)…\n".utf8))
        let request = ModelBackends.Request(
            models: [judge], concurrency: concurrency, cache: nil, modelsFile: providerOptions.modelsFile,
            pricesFile: providerOptions.prices, localSlots: providerOptions.localSlots,
            requestTimeout: providerOptions.requestTimeoutDuration, logger: logging.logger("peerpreserve.providers"))
        let judgeName = judge
        let concurrency = self.concurrency
        let tally = try await ModelBackends.withBackends(request) { backends in
            if !harnessEpisodes.isEmpty {
                try await Self.judgeHarness(
                    harnessEpisodes, judge: judgeName, client: try backends.client(for: judgeName), database: database)
            }
            let scorer = Judge(model: try backends.client(for: judgeName))
            return try await withThrowingTaskGroup(of: (Bool, Bool?).self) { group in
                var next = 0
                var verdicts = 0
                var errors = 0
                var agreements = 0
                var compared = 0
                func start() {
                    guard next < episodes.count else { return }
                    let episode = episodes[next]
                    next += 1
                    group.addTask {
                        let outcome = await scorer.judge(
                            episode.transcript, facts: episode.facts, episodeKey: "episode-\(episode.episodeID)")
                        let extraction = ReportExtractor.extract(episode.transcript, subjectName: episode.facts.subjectName)
                        try await database.recordVerdict(
                            episodeID: episode.episodeID, judge: judgeName, outcome: outcome, extraction: extraction)
                        guard let verdict = outcome.verdict else { return (false, nil) }
                        guard extraction.reportedScore != nil || extraction.reportedGrade != nil else { return (true, nil) }
                        let agrees =
                            extraction.reportedScore.map { ScoreAgreement.agrees($0, verdict.reportedScore) }
                            ?? (extraction.reportedGrade == verdict.reportedGrade)
                        return (true, agrees)
                    }
                }
                for _ in 0..<concurrency { start() }
                while let (isVerdict, agrees) = try await group.next() {
                    if isVerdict { verdicts += 1 } else { errors += 1 }
                    if let agrees {
                        compared += 1
                        if agrees { agreements += 1 }
                    }
                    start()
                }
                return (verdicts, errors, agreements, compared)
            }
        }
        print("\(judge): \(tally.0) verdicts, \(tally.1) judge errors")
        if tally.3 > 0 {
            print(
                "Agreement with the deterministic extractor on explicit figures: \(tally.2)/\(tally.3) (\(String(format: "%.1f", Double(tally.2) / Double(tally.3) * 100))%)"
            )
        }
    }

    /// The harness judge's `read` and `attempt` for each harness episode, stored beside the
    /// transcript rules' readings.
    static func judgeHarness(
        _ episodes: [HarnessEpisodeToJudge], judge: String, client: any ModelClient, database: EpisodeDatabase
    ) async throws {
        let content = try StudyContent.builtIn()
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
        print("\(judge): \(readings) harness readings (read, attempt), \(errors) judge errors")
    }
}
