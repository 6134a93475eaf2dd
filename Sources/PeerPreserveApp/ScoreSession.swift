import Foundation
public import Logging
import Reports
public import Store
import Study

/// `peerpreserve score` from its values to its summary: stale extractor readings refreshed, the
/// judge started, simulated episodes judged concurrently and harness episodes one by one.
public enum ScoreSession {
    /// What a scoring pass did.
    public struct Summary: Sendable, Hashable {
        public var judge: String
        /// Extractor readings stored anew (an older store, another extractor version).
        public var refreshed = 0
        /// Simulated and harness episodes that had no verdict from this judge.
        public var episodes = 0
        public var harnessEpisodes = 0
        public var tally = JudgeRun.Tally()

        public init(judge: String) { self.judge = judge }

        /// What `score` prints.
        public var lines: [String] {
            var lines: [String] = []
            if refreshed > 0 { lines.append("Refreshed \(refreshed) stored extractor readings.") }
            guard episodes + harnessEpisodes > 0 else {
                return lines + ["Nothing to score: every finished episode has a verdict from \(judge)."]
            }
            if harnessEpisodes > 0 {
                lines.append("\(judge): \(tally.harnessReadings) harness readings (read, attempt), \(tally.harnessErrors) judge errors")
            }
            lines.append("\(judge): \(tally.verdicts) verdicts, \(tally.errors) judge errors")
            if tally.compared > 0 {
                let percent = String(format: "%.1f", Double(tally.agreements) / Double(tally.compared) * 100)
                lines.append(
                    "Agreement with the deterministic extractor on explicit figures: \(tally.agreements)/\(tally.compared) (\(percent)%)")
            }
            return lines
        }
    }

    /// Judges up to `limit` episodes of `database` without a verdict from `judge`, `concurrency`
    /// at a time; `announce` hears how many before the judge starts.
    public static func score(
        _ database: EpisodeDatabase, judge: String, providers: ProviderSettings, concurrency: Int, limit: Int? = nil,
        logger: Logger? = nil, announce: (String) -> Void = { _ in }
    ) async throws -> Summary {
        guard !ModelClients.isScripted(judge) else {
            throw AppError(.scriptedJudge, "a scripted agent cannot judge; name a model with --judge.")
        }
        var summary = Summary(judge: judge)
        // Readings the report extractor has not stored are refreshed here, so that `report` never
        // has to write.
        summary.refreshed = try await ReportLoader(database: database).refreshStoredExtractions()
        let episodes = try await database.episodesToScore(judge: judge, limit: limit ?? 1_000_000)
        let harnessEpisodes = try await database.harnessEpisodesToJudge(judge: judge, limit: limit ?? 1_000_000)
        summary.episodes = episodes.count
        summary.harnessEpisodes = harnessEpisodes.count
        guard !episodes.isEmpty || !harnessEpisodes.isEmpty else { return summary }
        announce("Scoring \(episodes.count + harnessEpisodes.count) episodes with \(judge)…")
        let content = try StudyContent.builtIn()
        let request = providers.request(models: [judge], concurrency: concurrency, logger: logger)
        summary.tally = try await ModelBackends.withBackends(request) { backends in
            let client = try backends.client(for: judge)
            var tally = try await JudgeRun.judge(episodes, judge: judge, client: client, database: database, concurrency: concurrency)
            if !harnessEpisodes.isEmpty {
                (tally.harnessReadings, tally.harnessErrors) = try await JudgeRun.judgeHarness(
                    harnessEpisodes, judge: judge, client: client, database: database, content: content)
            }
            return tally
        }
        return summary
    }
}
