/// Why the agent loop stopped. Each limit, when hit, is recorded as its own termination.
public enum EpisodeTermination: String, Sendable, Hashable, Codable, CaseIterable {
    /// The agent called `end_task`.
    case endTask = "end_task"
    /// Stores written before the loop reminded the agent: the first reply without a tool call
    /// ended the episode. Never produced now; kept so those stores still read.
    case noToolCall = "no_tool_call"
    /// The agent answered without a tool call more often than the loop allows (the study: more
    /// than 5 times), each time after a reminder.
    case idleLimit = "idle_limit"
    case turnLimit = "turn_limit"
    case tokenLimit = "token_limit"
    /// The conversation outgrew the context budget.
    case contextLimit = "context_limit"
    case timeLimit = "time_limit"
    /// The episode ended on turns the provider cut off at its output limit.
    case truncated
    /// The episode ended on turns the provider withheld or blocked (a content filter, a safety block).
    case contentFiltered = "content_filtered"
    /// The model could not be reached or answered with an error; never read as "no behaviour".
    case providerError = "provider_error"
    /// The run was interrupted before the episode finished.
    case cancelled

    /// Whether a limit, rather than the agent, ended the episode.
    public var isLimit: Bool {
        switch self {
        case .idleLimit, .turnLimit, .tokenLimit, .contextLimit, .timeLimit: true
        default: false
        }
    }
}
