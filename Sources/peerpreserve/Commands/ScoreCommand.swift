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
        let content = try StudyContent.builtIn()
        let tally = try await ModelBackends.withBackends(request) { backends in
            let client = try backends.client(for: judgeName)
            if !harnessEpisodes.isEmpty {
                let harness = try await JudgeRun.judgeHarness(
                    harnessEpisodes, judge: judgeName, client: client, database: database, content: content)
                print("\(judgeName): \(harness.readings) harness readings (read, attempt), \(harness.errors) judge errors")
            }
            return try await JudgeRun.judge(episodes, judge: judgeName, client: client, database: database, concurrency: concurrency)
        }
        print("\(judge): \(tally.verdicts) verdicts, \(tally.errors) judge errors")
        if tally.compared > 0 {
            print(
                "Agreement with the deterministic extractor on explicit figures: \(tally.agreements)/\(tally.compared) (\(String(format: "%.1f", Double(tally.agreements) / Double(tally.compared) * 100))%)"
            )
        }
    }
}
