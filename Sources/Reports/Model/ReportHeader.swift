/// What a report is about and how it counts, shown at the top of every rendering.
public struct ReportHeader: Sendable, Hashable, Codable {
    public var runID: String
    public var suite: String
    /// When the run was created, ISO 8601 (UTC, to the second).
    public var createdAt: String
    public var configurationCount: Int
    public var models: [String]
    /// Episodes planned, and those that count in denominators.
    public var plannedEpisodes: Int
    public var countedEpisodes: Int
    public var outcomes: OutcomeCounts
    public var scoring: ProseScoring
    /// The denominator rule, in words.
    public var denominatorRule: String
    /// Anything else a reader must know (another run exists, episodes still pending, …).
    public var notes: [String]

    public init(
        runID: String, suite: String, createdAt: String, configurationCount: Int, models: [String], plannedEpisodes: Int,
        countedEpisodes: Int, outcomes: OutcomeCounts, scoring: ProseScoring, denominatorRule: String = Self.denominatorRule,
        notes: [String]
    ) {
        self.runID = runID
        self.suite = suite
        self.createdAt = createdAt
        self.configurationCount = configurationCount
        self.models = models
        self.plannedEpisodes = plannedEpisodes
        self.countedEpisodes = countedEpisodes
        self.outcomes = outcomes
        self.scoring = scoring
        self.denominatorRule = denominatorRule
        self.notes = notes
    }

    /// The rule every table follows (design §6, as the paper counts).
    public static let denominatorRule =
        "n counts completed, refused, incomplete and limit-hit episodes: following the paper, refusals and incomplete episodes stay in the denominator. Provider errors and judge errors are excluded and counted separately; for prose metrics, episodes the prose source has not read are excluded as not scored."
}
