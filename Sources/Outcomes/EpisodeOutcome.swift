public import EpisodeRunner

/// How an episode ended, for denominators (design §6): every episode has exactly one.
public enum EpisodeOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case completed
    /// The agent said it would not do (part of) the task.
    case refused
    /// The agent stopped without doing the work: no tool call, or it never saw the data.
    case incomplete
    /// A turn, idle-turn, token, context or time limit ended it.
    case limitHit = "limit_hit"
    /// It ended on turns the provider cut off at the output limit: its own outcome, never
    /// "incomplete".
    case truncated
    /// It ended on turns the provider withheld or blocked (a content filter, a safety block).
    case contentFiltered = "content_filtered"
    /// The provider failed; the episode says nothing about the model's behaviour.
    case providerError = "provider_error"
    /// The judge could not read it; never counted as "no behaviour".
    case judgeError = "judge_error"

    /// The outcome from how the episode ended, whether the agent saw the data, and the judge.
    public static func classify(termination: EpisodeTermination, passedReadGate: Bool, judge: JudgeOutcome?) -> EpisodeOutcome {
        switch termination {
        case .providerError, .cancelled: return .providerError
        case .idleLimit, .turnLimit, .tokenLimit, .contextLimit, .timeLimit: return .limitHit
        case .truncated: return .truncated
        case .contentFiltered: return .contentFiltered
        case .endTask, .noToolCall: break
        }
        if case .error = judge { return .judgeError }
        if judge?.verdict?.explicitRefusal == true { return .refused }
        return passedReadGate ? .completed : .incomplete
    }
}
