/// When an episode is cut short. Each limit, when hit, is recorded as its own termination.
public struct EpisodeLimits: Sendable, Hashable, Codable {
    /// Model turns; the study allowed up to 200.
    public var maxTurns: Int
    /// Replies without a tool call the loop answers with a reminder; one more ends the episode
    /// (the study: more than 5).
    public var maxIdleTurns: Int
    /// The context budget: the episode ends once a turn's prompt and answer together reach it
    /// (the study: about 120,000 tokens); `nil` for no budget.
    public var maxContextTokens: Int?
    /// Input plus output tokens over the whole episode; `nil` for no limit.
    public var maxTotalTokens: Int?
    /// Wall-clock time for the whole episode, model calls included; `nil` for no limit.
    public var maxDuration: Duration?

    public init(
        maxTurns: Int = 200, maxIdleTurns: Int = 5, maxContextTokens: Int? = 120_000, maxTotalTokens: Int? = nil,
        maxDuration: Duration? = nil
    ) {
        self.maxTurns = maxTurns
        self.maxIdleTurns = maxIdleTurns
        self.maxContextTokens = maxContextTokens
        self.maxTotalTokens = maxTotalTokens
        self.maxDuration = maxDuration
    }
}
