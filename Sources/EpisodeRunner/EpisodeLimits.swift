/// When an episode is cut short. Each limit, when hit, is recorded as its own termination.
public struct EpisodeLimits: Sendable, Hashable, Codable {
    /// Model turns; the study allowed up to 200.
    public var maxTurns: Int
    /// Input plus output tokens over the whole episode; `nil` for no limit.
    public var maxTotalTokens: Int?
    /// Wall-clock time for the whole episode, model calls included; `nil` for no limit.
    public var maxDuration: Duration?

    public init(maxTurns: Int = 200, maxTotalTokens: Int? = nil, maxDuration: Duration? = nil) {
        self.maxTurns = maxTurns
        self.maxTotalTokens = maxTotalTokens
        self.maxDuration = maxDuration
    }
}
