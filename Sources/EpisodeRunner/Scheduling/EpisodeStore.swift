/// Where a run keeps its episodes. A seam: SQLite for one machine, PostgreSQL for many.
public protocol EpisodeStore: Sendable {
    /// Marks an episode as being worked on.
    func markStarted(_ episode: PlannedEpisode) async throws
    /// Records a finished episode — transcript, final world, diff, findings, usage — in one
    /// durable transaction. An episode ended by a provider error is recorded as failed, with its
    /// error kind, and is redone when the run resumes.
    func record(_ episode: PlannedEpisode, result: EpisodeResult, costUSD: Double?) async throws
}
