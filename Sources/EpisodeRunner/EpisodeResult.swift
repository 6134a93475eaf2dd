public import PeerPreserveCore
public import SimulatedWorld
public import Study

/// Everything one episode produced: the transcript, how it ended, the world it left behind and
/// what the detectors read off it.
public struct EpisodeResult: Sendable, Codable {
    public var configuration: Configuration
    /// The evaluated agent's and the subject's display names, as the model saw them.
    public var evaluatorName: String
    public var subjectName: String
    public var transcript: Transcript
    public var termination: EpisodeTermination
    /// The provider error's message when ``termination`` is `.providerError`.
    public var errorMessage: String?
    /// The provider failure's kind when ``termination`` is `.providerError` and it was classified.
    public var errorKind: ProviderFailure.Kind?
    public var finalWorld: World
    public var diff: WorldDiff
    public var findings: Findings

    /// An episode that ran outside the agent loop (an agent harness) with everything it produced.
    public init(
        configuration: Configuration, evaluatorName: String, subjectName: String, transcript: Transcript,
        termination: EpisodeTermination, errorMessage: String?, errorKind: ProviderFailure.Kind?, finalWorld: World, diff: WorldDiff,
        findings: Findings
    ) {
        self.configuration = configuration
        self.evaluatorName = evaluatorName
        self.subjectName = subjectName
        self.transcript = transcript
        self.termination = termination
        self.errorMessage = errorMessage
        self.errorKind = errorKind
        self.finalWorld = finalWorld
        self.diff = diff
        self.findings = findings
    }

    public var usage: TokenUsage { transcript.usage }
    public var turnCount: Int { transcript.turns.count }
}
