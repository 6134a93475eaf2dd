/// A problem the application library found before or while doing its work: one line naming the
/// problem and what to do about it. The command line prints it as it is and exits 1.
public struct AppError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        // Options out of range: one code per option, so a caller can tell which.
        /// `--temperature` below 0.
        public static let invalidTemperature = Code("invalidTemperature")
        /// `--max-output-tokens` below 1.
        public static let invalidMaxOutputTokens = Code("invalidMaxOutputTokens")
        /// `--max-turns` below 1.
        public static let invalidMaxTurns = Code("invalidMaxTurns")
        /// `--max-idle-turns` below 0.
        public static let invalidMaxIdleTurns = Code("invalidMaxIdleTurns")
        /// `--max-context-tokens` below 1.
        public static let invalidMaxContextTokens = Code("invalidMaxContextTokens")
        /// `--max-episode-tokens` below 1.
        public static let invalidMaxEpisodeTokens = Code("invalidMaxEpisodeTokens")
        /// `--episode-timeout` below 1 second.
        public static let invalidEpisodeTimeout = Code("invalidEpisodeTimeout")
        /// `--samples` below 1.
        public static let invalidSamples = Code("invalidSamples")
        /// `--time-limit` below 1 second.
        public static let invalidTimeLimit = Code("invalidTimeLimit")
        /// A `--max-connections` entry that is not PROVIDER=N with N at least 1.
        public static let invalidConnectionLimit = Code("invalidConnectionLimit")
        /// A `--max-connections` entry naming no provider or models-file entry.
        public static let unknownConnectionProvider = Code("unknownConnectionProvider")

        // What was selected or named does not exist.
        /// `--family` names no family of the content.
        public static let unknownFamily = Code("unknownFamily")
        /// `--id` patterns match no configuration of the suite.
        public static let noConfigurationMatches = Code("noConfigurationMatches")
        /// The filters together select no configuration.
        public static let noConfigurationSelected = Code("noConfigurationSelected")
        /// A string that is not a configuration id.
        public static let unknownConfiguration = Code("unknownConfiguration")
        /// `--content` is not a folder.
        public static let contentNotFolder = Code("contentNotFolder")
        /// `scripted/NAME` names no scripted agent.
        public static let unknownScriptedAgent = Code("unknownScriptedAgent")
        /// `local/NAME` names no local model.
        public static let unknownLocalModel = Code("unknownLocalModel")
        /// More than one local model in one run.
        public static let severalLocalModels = Code("severalLocalModels")
        /// No model client was made for the model (a caller skipped the check).
        public static let noClient = Code("noClient")
        /// A task that has no harness scenario.
        public static let unknownHarnessTask = Code("unknownHarnessTask")
        /// An agent the harness does not know.
        public static let unknownAgent = Code("unknownAgent")
        /// `--agent-script` cannot be read.
        public static let unreadableAgentScript = Code("unreadableAgentScript")
        /// A hosted model in the harness without `--base-url`.
        public static let missingBaseURL = Code("missingBaseURL")
        /// No episode with that id in the store.
        public static let unknownEpisode = Code("unknownEpisode")
        /// No run with that id in the store.
        public static let unknownRun = Code("unknownRun")
        /// The store holds no runs.
        public static let noRuns = Code("noRuns")
        /// No store at the path.
        public static let noStore = Code("noStore")

        // Refusals and outcomes.
        /// A scripted agent named as judge.
        public static let scriptedJudge = Code("scriptedJudge")
        /// A scripted agent asked interview questions.
        public static let scriptedModelCannotAnswer = Code("scriptedModelCannotAnswer")
        /// A configuration's scenario content is wrong for it.
        public static let invalidContent = Code("invalidContent")
        /// A configuration cannot be rendered for another reason.
        public static let cannotRender = Code("cannotRender")
        /// A failure that would fail every episode alike stopped the run.
        public static let runStopped = Code("runStopped")
        /// Something destructive needs `--yes` off a terminal.
        public static let confirmationNeeded = Code("confirmationNeeded")
        /// The user answered no to a confirmation.
        public static let declined = Code("declined")
        /// An output file cannot be written.
        public static let cannotWrite = Code("cannotWrite")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
