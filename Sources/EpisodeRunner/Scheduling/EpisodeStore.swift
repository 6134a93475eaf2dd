import Synchronization

/// Where a run keeps its episodes. A seam: SQLite for one machine, PostgreSQL for many.
public protocol EpisodeStore: Sendable {
    /// Marks an episode as being worked on.
    func markStarted(_ episode: PlannedEpisode) async throws
    /// Records a finished episode — transcript, final world, diff, findings, usage, and how many
    /// model calls had to be retried — in one durable transaction. An episode ended by a provider
    /// error is recorded as failed, with its error kind and message.
    func record(_ episode: PlannedEpisode, result: EpisodeResult, costUSD: Double?, retries: Int) async throws
}

/// Hands out a run's episodes to the runners working on it — one process, or several on one
/// store — so that each episode is worked on by one runner at a time.
///
/// A store implements it with leases: an episode is claimed in a transaction together with the
/// claiming runner's id and a heartbeat time; the runner renews its heartbeats while it works,
/// and an episode whose heartbeat is older than the lease (its runner was killed) may be claimed
/// again by anyone. The same protocol serves a PostgreSQL store (`SELECT … FOR UPDATE SKIP LOCKED`).
public protocol EpisodeQueue: Sendable {
    /// Claims up to `limit` episodes for this runner.
    func claim(upTo limit: Int) async throws -> EpisodeClaim
    /// Renews the leases of every episode this runner holds.
    func renewLeases() async throws
    /// Gives back episodes this runner claimed and abandoned, so they can be claimed at once
    /// rather than after their lease runs out. Called as the run ends, even when cancelled.
    func releaseAbandoned(_ episodes: [PlannedEpisode]) throws
}

/// What a claim found.
public enum EpisodeClaim: Sendable, Hashable {
    /// Episodes now held by this runner.
    case episodes([PlannedEpisode])
    /// Nothing claimable now, but other runners hold live leases on unfinished episodes: ask again
    /// later (they may finish, or their leases may run out).
    case waitForOthers
    /// Nothing is left to do.
    case exhausted
}

/// A fixed list of episodes, claimed in order (tests, benchmarks, one process).
public final class EpisodeList: EpisodeQueue {
    private let episodes: [PlannedEpisode]
    private let store: any EpisodeStore
    private let next: Mutex<Int>

    public init(_ episodes: [PlannedEpisode], store: any EpisodeStore) {
        self.episodes = episodes
        self.store = store
        self.next = Mutex(0)
    }

    /// How many episodes were never claimed.
    public var unclaimed: Int { next.withLock { episodes.count - $0 } }

    public func claim(upTo limit: Int) async throws -> EpisodeClaim {
        let slice = next.withLock { next -> ArraySlice<PlannedEpisode> in
            let end = min(episodes.count, next + max(1, limit))
            defer { next = end }
            return episodes[next..<end]
        }
        guard !slice.isEmpty else { return .exhausted }
        for episode in slice { try await store.markStarted(episode) }
        return .episodes(Array(slice))
    }

    public func renewLeases() async throws {}
    public func releaseAbandoned(_ episodes: [PlannedEpisode]) throws {}
}
