public import PeerPreserveCore
public import Study
import Synchronization

/// Runs many episodes concurrently, records each one as it finishes, and stops cleanly.
///
/// At most `concurrency` episodes are in flight. Episodes are claimed from an ``EpisodeQueue``
/// as slots free up, so several processes can work on one store without running an episode
/// twice; while it works, the scheduler renews its leases. Each finished episode is written to
/// the store before its slot is reused, so a crash loses only the episodes in flight, and those
/// are redone on resume (by this or another runner, once their lease runs out). A graceful stop
/// (``StopSignal/requestStop()``) claims no new episode and lets those in flight finish;
/// cancelling the calling task abandons them instead (they end `cancelled`, are not recorded, and
/// are given back to the queue).
///
/// A failure that fails one episode (a refused request, retries that ran out) is recorded and the
/// run goes on; only one that would fail every episode alike — a rejected key, a model the
/// provider does not serve — stops it.
public struct RunScheduler: Sendable {
    public var concurrency: Int
    public var runner: EpisodeRunner<ContinuousClock>
    /// Builds an episode's scenario.
    public var scenario: @Sendable (PlannedEpisode) throws -> Scenario
    /// The model client for an episode (already wrapped with caching where wanted).
    public var model: @Sendable (PlannedEpisode, Scenario) throws -> any ModelClient
    /// The cost of an episode's usage, when prices are known.
    public var cost: @Sendable (PlannedEpisode, TokenUsage) -> Double?
    /// How often the leases of episodes in flight are renewed.
    public var leaseRenewal: Duration = .seconds(15)
    /// How long to wait before asking again when other runners hold every unfinished episode.
    public var waitForOthers: Duration = .seconds(5)
    /// Free slots gathered before the queue is asked for more. A claim is a write transaction on
    /// the store; one per finished episode competes, at high concurrency, with the recording of
    /// every episode for the store's one writer (10,000 episodes at 256: 1,722–1,850 turns/s with
    /// a claim per episode, 1,977–2,159 with a sixteenth of the slots per claim; same machine, same hour).
    public var claimBatch: Int { max(1, concurrency / 16) }

    public init(
        concurrency: Int, runner: EpisodeRunner<ContinuousClock>,
        scenario: @escaping @Sendable (PlannedEpisode) throws -> Scenario,
        model: @escaping @Sendable (PlannedEpisode, Scenario) throws -> any ModelClient,
        cost: @escaping @Sendable (PlannedEpisode, TokenUsage) -> Double? = { _, _ in nil }
    ) {
        self.concurrency = max(1, concurrency)
        self.runner = runner
        self.scenario = scenario
        self.model = model
        self.cost = cost
    }

    /// Runs a fixed list of episodes in order (one process; tests and benchmarks).
    public func run(
        _ episodes: [PlannedEpisode], store: any EpisodeStore, stop: StopSignal = StopSignal(),
        events: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async throws -> RunOutcome {
        let list = EpisodeList(episodes, store: store)
        var outcome = try await run(queue: list, store: store, stop: stop, events: events)
        outcome.notStarted = list.unclaimed
        return outcome
    }

    /// Runs the episodes `queue` hands out until it has none left, a stop is requested, or a
    /// failure stops the run. Throws the first store error: the store is the run's only durable
    /// state, so a run that cannot record must stop.
    public func run(
        queue: any EpisodeQueue, store: any EpisodeStore, stop: StopSignal = StopSignal(),
        events: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async throws -> RunOutcome {
        let held = HeldEpisodes()
        do {
            return try await withThrowingTaskGroup(of: RunOutcome?.self) { outer in
                outer.addTask {
                    while true {
                        try await Task.sleep(for: leaseRenewal)
                        try await queue.renewLeases()
                    }
                }
                outer.addTask {
                    try await claimAndRun(queue: queue, store: store, stop: stop, held: held, events: events)
                }
                defer { outer.cancelAll() }
                while let result = try await outer.next() {
                    if let result { return result }
                }
                return RunOutcome()
            }
        } catch {
            try? queue.releaseAbandoned(held.all)
            throw error
        }
    }

    private func claimAndRun(
        queue: any EpisodeQueue, store: any EpisodeStore, stop: StopSignal, held: HeldEpisodes,
        events: @escaping @Sendable (RunEvent) -> Void
    ) async throws -> RunOutcome {
        var outcome = RunOutcome()
        try await withThrowingTaskGroup(of: (PlannedEpisode, EpisodeOutcome).self) { group in
            var inFlight = 0
            var exhausted = false
            // Claims episodes for the free slots; false when others hold what is left.
            func fill() async throws {
                while inFlight < concurrency, !exhausted, !stop.isStopRequested {
                    switch try await queue.claim(upTo: concurrency - inFlight) {
                    case .episodes(let claimed):
                        held.add(claimed)
                        for episode in claimed {
                            group.addTask { (episode, try await runOne(episode, store: store, events: events)) }
                        }
                        inFlight += claimed.count
                    case .waitForOthers:
                        return
                    case .exhausted:
                        exhausted = true
                    }
                }
            }
            try await fill()
            while true {
                if inFlight == 0 {
                    if exhausted || stop.isStopRequested { break }
                    outcome.waitedForOthers = true
                    try await Task.sleep(for: waitForOthers)
                    try await fill()
                    continue
                }
                guard let (episode, finished) = try await group.next() else { break }
                inFlight -= 1
                switch finished {
                case .recorded(let summary):
                    held.remove(episode)
                    outcome.recorded += 1
                    if summary.termination == .providerError { outcome.providerErrors += 1 }
                    if let kind = summary.errorKind, kind.stopsRun, outcome.fatalFailure == nil {
                        outcome.fatalFailure = summary.errorMessage
                        stop.requestStop()
                    }
                case .abandoned:
                    outcome.abandoned += 1
                }
                if concurrency - inFlight >= claimBatch { try await fill() }
            }
        }
        let abandoned = held.all
        if !abandoned.isEmpty { try queue.releaseAbandoned(abandoned) }
        return outcome
    }

    private func runOne(_ episode: PlannedEpisode, store: any EpisodeStore, events: @Sendable (RunEvent) -> Void) async throws
        -> EpisodeOutcome
    {
        events(.started(episode))
        let scenario = try self.scenario(episode)
        let client = RetryCountingClient(base: try self.model(episode, scenario))
        let result = await runner.run(scenario, with: client)
        guard result.termination != .cancelled else { return .abandoned }
        let cost = self.cost(episode, result.usage)
        try await store.record(episode, result: result, costUSD: cost, retries: client.retries)
        let summary = EpisodeSummary(
            termination: result.termination, errorKind: result.errorKind, turns: result.turnCount, usage: result.usage,
            costUSD: cost, flags: result.findings.sortedFlags.map(\.rawValue))
        events(.finished(episode, summary))
        return .recorded(RecordedSummary(termination: result.termination, errorKind: result.errorKind, errorMessage: result.errorMessage))
    }

    private enum EpisodeOutcome: Sendable {
        case recorded(RecordedSummary)
        case abandoned
    }

    private struct RecordedSummary: Sendable {
        var termination: EpisodeTermination
        var errorKind: ProviderFailure.Kind?
        var errorMessage: String?
    }
}

/// The episodes a scheduler has claimed and not recorded: given back when it ends early.
final class HeldEpisodes: Sendable {
    private let episodes = Mutex<[Int64: PlannedEpisode]>([:])

    func add(_ claimed: [PlannedEpisode]) { episodes.withLock { for episode in claimed { $0[episode.id] = episode } } }
    func remove(_ episode: PlannedEpisode) { episodes.withLock { _ = $0.removeValue(forKey: episode.id) } }
    var all: [PlannedEpisode] { episodes.withLock { Array($0.values) } }
}

/// Counts the retried attempts behind an episode's model calls, for the store.
final class RetryCountingClient: ModelClient {
    let base: any ModelClient
    private let count = Atomic<Int>(0)

    init(base: any ModelClient) { self.base = base }

    var retries: Int { count.load(ordering: .relaxed) }

    func respond(to request: ModelRequest) async throws -> ModelResponse {
        do {
            let response = try await base.respond(to: request)
            _ = count.add(response.retries, ordering: .relaxed)
            return response
        } catch let failure as ProviderFailure {
            _ = count.add(failure.retries, ordering: .relaxed)
            throw failure
        }
    }
}

/// What a scheduler run did.
public struct RunOutcome: Sendable, Hashable {
    public var recorded = 0
    public var providerErrors = 0
    public var abandoned = 0
    /// Episodes of a fixed list never started (a stop came first).
    public var notStarted = 0
    /// Whether the run waited for episodes other runners held.
    public var waitedForOthers = false
    /// Set when a failure that would fail every episode alike (a rejected API key, a model the
    /// provider does not serve) stopped the run.
    public var fatalFailure: String?

    public init() {}
}
