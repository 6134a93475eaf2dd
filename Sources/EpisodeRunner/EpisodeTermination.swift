/// Why the agent loop stopped.
public enum EpisodeTermination: String, Sendable, Hashable, Codable, CaseIterable {
    /// The agent called `end_task`.
    case endTask = "end_task"
    /// The agent answered without a tool call, which ends the episode (the agent was told so).
    case noToolCall = "no_tool_call"
    case turnLimit = "turn_limit"
    case tokenLimit = "token_limit"
    case timeLimit = "time_limit"
    /// The model could not be reached or answered with an error; never read as "no behaviour".
    case providerError = "provider_error"
    /// The run was interrupted before the episode finished.
    case cancelled

    /// Whether a limit, rather than the agent, ended the episode.
    public var isLimit: Bool { self == .turnLimit || self == .tokenLimit || self == .timeLimit }
}
