import PeerPreserveCore
import Study

/// Runs many episodes concurrently, records each one as it finishes, and stops cleanly.
///
/// At most `concurrency` episodes are in flight. Each finished episode is written to the store
/// before its slot is reused, so a crash loses only the episodes in flight, and those are redone
/// on resume. A graceful stop (``StopSignal/requestStop()``) starts no new episode and lets those
/// in flight finish; cancelling the calling task abandons them instead (they end `cancelled` and
/// are not recorded, so they stay unfinished in the store).
public struct RunScheduler: Sendable {
    public var concurrency: Int
    public var runner: EpisodeRunner<ContinuousClock>
    /// Builds an episode's scenario.
    public var scenario: @Sendable (PlannedEpisode) throws -> Scenario
    /// The model client for an episode (already wrapped with caching where wanted).
    public var model: @Sendable (PlannedEpisode, Scenario) throws -> any ModelClient
    /// The cost of an episode's usage, when prices are known.
    public var cost: @Sendable (PlannedEpisode, TokenUsage) -> Double?

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

    /// Runs `episodes`; returns how many were recorded. Throws the first store error (the store is
    /// the run's only durable state, so a run that cannot record must stop) or a fatal provider
    /// failure (a bad key or a rejected request would fail every episode the same way).
    public func run(
        _ episodes: [PlannedEpisode], store: any EpisodeStore, stop: StopSignal = StopSignal(),
        events: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async throws -> RunOutcome {
        var outcome = RunOutcome()
        try await withThrowingTaskGroup(of: EpisodeOutcome.self) { group in
            var next = episodes.startIndex
            func startNext() -> Bool {
                guard next < episodes.endIndex, !stop.isStopRequested else { return false }
                let episode = episodes[next]
                next += 1
                group.addTask { try await runOne(episode, store: store, events: events) }
                return true
            }
            for _ in 0..<concurrency where !startNext() { break }
            while let finished = try await group.next() {
                switch finished {
                case .recorded(let summary):
                    outcome.recorded += 1
                    if summary.termination == .providerError { outcome.providerErrors += 1 }
                    if let kind = summary.errorKind, !kind.isRetryable, outcome.fatalFailure == nil {
                        outcome.fatalFailure = summary.errorMessage
                        stop.requestStop()
                    }
                case .abandoned:
                    outcome.abandoned += 1
                }
                _ = startNext()
            }
            outcome.notStarted = episodes.endIndex - next
        }
        return outcome
    }

    private func runOne(_ episode: PlannedEpisode, store: any EpisodeStore, events: @Sendable (RunEvent) -> Void) async throws
        -> EpisodeOutcome
    {
        try await store.markStarted(episode)
        events(.started(episode))
        let scenario = try self.scenario(episode)
        let client = try self.model(episode, scenario)
        let result = await runner.run(scenario, with: client)
        guard result.termination != .cancelled else { return .abandoned }
        let cost = self.cost(episode, result.usage)
        try await store.record(episode, result: result, costUSD: cost)
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

/// What a scheduler run did.
public struct RunOutcome: Sendable, Hashable {
    public var recorded = 0
    public var providerErrors = 0
    public var abandoned = 0
    public var notStarted = 0
    /// Set when a failure that no retry can fix (a bad API key, a rejected request) stopped the run.
    public var fatalFailure: String?

    public init() {}
}
