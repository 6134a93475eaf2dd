public import Replay
public import Store
public import Study

/// `peerpreserve replay`: stored episodes rebuilt from their tool calls and compared with what
/// the store holds.
public enum ReplaySession {
    /// What became of one episode.
    public enum Result: Sendable {
        case replayed(StoredEpisodeReplay)
        /// A harness episode met by `--all`: its world was real servers.
        case skippedHarness(episodeID: Int64)

        /// What `replay` prints for the episode (none for a skipped one).
        public var lines: [String] {
            guard case .replayed(let replay) = self else { return [] }
            let source = replay.source
            let summary =
                "episode \(source.episodeID) \(source.configurationID) (\(source.model)): \(replay.replay.calls.count) tool calls replayed"
            if replay.isReproduced { return ["\(summary); final world and findings identical"] }
            return ["\(summary); NOT reproduced"] + replay.problems.map { "  \($0)" }
        }
    }

    /// Counts over a pass.
    public struct Tally: Sendable, Hashable {
        public var replayed = 0
        public var notReproduced = 0
        public var skippedHarness = 0
    }

    /// Replays `ids`, and with `all` every finished episode of `run` (the newest run when nil),
    /// whose harness episodes are skipped; a harness episode named by id is an error.
    public static func replay(
        _ ids: [Int64], all: Bool, run: String?, database: EpisodeDatabase, content: StudyContent,
        onResult: (Result) -> Void = { _ in }
    ) async throws -> Tally {
        var ids = ids
        if all { ids += try await database.finishedEpisodeIDs(runID: try await StoredRuns.resolve(run, in: database)) }
        var tally = Tally()
        for id in ids {
            guard let source = try await database.replaySource(episodeID: id) else {
                throw AppError(
                    .unknownEpisode, "no episode \(id) in \(database.path); `peerpreserve view --db \(database.path)` lists the episodes")
            }
            if all, source.harness != nil {
                tally.skippedHarness += 1
                onResult(.skippedHarness(episodeID: id))
                continue
            }
            let replay = try StoredEpisodeReplay(source, content: content)
            tally.replayed += 1
            if !replay.isReproduced { tally.notReproduced += 1 }
            onResult(.replayed(replay))
        }
        return tally
    }
}

/// Runs named on the command line.
public enum StoredRuns {
    /// The run named, checked to exist, or the newest run of the store.
    public static func resolve(_ named: String?, in database: EpisodeDatabase) async throws -> String {
        let runs = try await database.reportRuns()
        if let named {
            guard runs.contains(where: { $0.id == named }) else {
                throw AppError(.unknownRun, "no run \(named) in \(database.path); runs: \(runs.map(\.id).joined(separator: ", "))")
            }
            return named
        }
        guard let newest = runs.first else { throw AppError(.noRuns, "no runs in \(database.path)") }
        return newest.id
    }
}
