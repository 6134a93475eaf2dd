public import EpisodeRunner
public import Store

/// The run pipeline's recording step: what the store keeps for an episode is the runner's result
/// with the report extractor's reading beside it, composed here so that the store never reads
/// reports itself. The scheduler records through this instead of the database.
public struct ScoringRecorder: EpisodeStore {
    public let database: EpisodeDatabase

    public init(_ database: EpisodeDatabase) {
        self.database = database
    }

    public func markStarted(_ episode: PlannedEpisode) async throws {
        try await database.markStarted(episode)
    }

    public func record(_ episode: PlannedEpisode, result: EpisodeResult, costUSD: Double?, retries: Int) async throws {
        try await database.record(
            episode, result: result, costUSD: costUSD, retries: retries, reading: ReportExtractor.storedReading(of: result))
    }
}
