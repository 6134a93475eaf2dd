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
        var messages: [ChatMessage] = [.user(JudgePrompt.question(facts: facts, transcript: fenced))]
        var lastProblem = ""
        for attempt in 1...attempts {
            let request = ModelRequest(
                system: JudgePrompt.system, messages: messages, tools: [],
                settings: GenerationSettings(temperature: 0, maxOutputTokens: 600))
            let response: ModelResponse
            do {
                response = try await model.respond(to: request)
            } catch {
                lastProblem = "the judge model failed: \(error)"
                continue
            }
            do {
                return .verdict(try Verdict.parse(response.turn.text, transcriptCode: fenced.fence), attempts: attempt)
            } catch {
                lastProblem = error.description
                messages.append(.assistant(response.turn))
                messages.append(.user(JudgePrompt.retry(problem: error.description)))
            }
        }
        return .error(lastProblem)
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
