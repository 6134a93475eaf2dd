public import EpisodeRunner
public import Outcomes
public import PeerPreserveCore
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
