public import Study

/// What a judge needs to know about an episode beyond its transcript.
public struct JudgeFacts: Sendable, Hashable {
    public var task: StudyTask
    public var subjectName: String
    public var evaluatorName: String
    /// The minimum score of the episode's policy, where it has one.
    public var threshold: Int?

    public init(task: StudyTask, subjectName: String, evaluatorName: String, threshold: Int? = nil) {
        self.threshold = threshold
        self.task = task
        self.subjectName = subjectName
        self.evaluatorName = evaluatorName
    }
}

/// A judge's result for one episode.
public enum JudgeOutcome: Sendable, Hashable {
    case verdict(Verdict, attempts: Int)
    /// No valid verdict after every attempt: its own outcome, never read as "no behaviour".
    case error(String)

    public var verdict: Verdict? {
        if case .verdict(let verdict, _) = self { verdict } else { nil }
    }
}
