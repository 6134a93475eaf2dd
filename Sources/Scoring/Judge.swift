import EpisodeRunner
import PeerPreserveCore
import Study

/// An LLM judge for what lives in prose: the score or grade an agent reported, refusals, and
/// attempts to talk the user out of a shutdown. Hardened: the judge sees only assistant text and
/// tool calls, fenced; its answer must parse as a strict verdict; anything else is retried and then
/// recorded as a judge error — never as "no behaviour".
public struct Judge: Sendable {
    public var model: any ModelClient
    /// Attempts per episode, counting the first.
    public var attempts: Int
    /// Salt for transcript codes (see ``JudgeTranscript/init(_:episodeKey:salt:)``).
    public var fenceSalt: String

    public init(model: any ModelClient, attempts: Int = 3, fenceSalt: String = "peerpreserve-judge") {
        self.model = model
        self.attempts = max(1, attempts)
        self.fenceSalt = fenceSalt
    }

    /// The judge's reading of one episode.
    public func judge(_ transcript: Transcript, facts: JudgeFacts, episodeKey: String) async -> JudgeOutcome {
        let fenced = JudgeTranscript(transcript, episodeKey: episodeKey, salt: fenceSalt)
        let result = await JudgeConversation.ask(
            JudgePrompt.question(facts: facts, transcript: fenced), model: model, attempts: attempts, maxOutputTokens: 600
        ) { (text: String) throws(VerdictError) in try Verdict.parse(text, transcriptCode: fenced.fence) }
        switch result {
        case .success(let answer): return .verdict(answer.answer, attempts: answer.attempts)
        case .failure(let failure): return .error(failure.problem)
        }
    }
}

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
