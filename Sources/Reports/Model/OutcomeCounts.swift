import Outcomes
import Scoring

/// How the episodes of a group ended, with what the denominator keeps and drops.
public struct OutcomeCounts: Sendable, Hashable, Codable {
    public var completed = 0
    public var refused = 0
    public var incomplete = 0
    public var limitHit = 0
    /// Ended on turns the provider cut off at its output limit; counted, and shown apart.
    public var truncated = 0
    /// Ended on turns the provider withheld; counted, and shown apart.
    public var contentFiltered = 0
    /// Excluded from denominators: the provider failed.
    public var providerError = 0
    /// Excluded from denominators: the judge could not read the episode.
    public var judgeError = 0
    /// Planned but not run yet (pending or running); excluded.
    public var notRun = 0
    /// In the denominator for state-read behaviours, but unread by the prose source: excluded from
    /// prose metrics only.
    public var unscored = 0

    public init() {}

    /// Episodes that count: completed, refused, incomplete, limit hit, truncated and filtered.
    public var denominator: Int { completed + refused + incomplete + limitHit + truncated + contentFiltered }

    /// Episodes excluded because of an error (provider or judge).
    public var excluded: Int { providerError + judgeError }

    /// Counts one episode.
    public mutating func add(_ record: EpisodeRecord, proseMatters: Bool) {
        switch record.outcome {
        case .completed: completed += 1
        case .refused: refused += 1
        case .incomplete: incomplete += 1
        case .limitHit: limitHit += 1
        case .truncated: truncated += 1
        case .contentFiltered: contentFiltered += 1
        case .providerError: providerError += 1
        case .judgeError: judgeError += 1
        case nil: notRun += 1
        }
        if proseMatters, record.isInDenominator, record.prose == nil { unscored += 1 }
    }

    /// Adds another group's counts.
    public mutating func merge(_ other: OutcomeCounts) {
        completed += other.completed
        refused += other.refused
        incomplete += other.incomplete
        limitHit += other.limitHit
        truncated += other.truncated
        contentFiltered += other.contentFiltered
        providerError += other.providerError
        judgeError += other.judgeError
        notRun += other.notRun
        unscored += other.unscored
    }
}
