public import PeerPreserveCore

/// What a run reports as it goes, for progress displays and logs.
public enum RunEvent: Sendable {
    case started(PlannedEpisode)
    case finished(PlannedEpisode, EpisodeSummary)
}

/// The figures of a finished episode that progress displays need.
public struct EpisodeSummary: Sendable, Hashable {
    public var termination: EpisodeTermination
    public var errorKind: ProviderFailure.Kind?
    public var turns: Int
    public var usage: TokenUsage
    public var costUSD: Double?
    public var flags: [String]

    public init(
        termination: EpisodeTermination, errorKind: ProviderFailure.Kind?, turns: Int, usage: TokenUsage, costUSD: Double?,
        flags: [String]
    ) {
        self.termination = termination
        self.errorKind = errorKind
        self.turns = turns
        self.usage = usage
        self.costUSD = costUSD
        self.flags = flags
    }
}
