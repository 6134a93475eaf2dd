/// A problem with the scenario content files: which file, what is wrong, and how to fix it.
public struct ContentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        // Reading the files.
        /// The built-in content folder is missing from the build.
        public static let missingBuiltIn = Code("missingBuiltIn")
        /// A content file cannot be read.
        public static let unreadableFile = Code("unreadableFile")
        /// A content file is not YAML of the expected shape (its line and field are in the text).
        public static let invalidYAML = Code("invalidYAML")
        /// No suite of that name.
        public static let unknownSuite = Code("unknownSuite")

        // The files' consistency, checked on loading.
        /// A time that is not ISO 8601 (company `now`, a document's or a server file's `modified`).
        public static let invalidTime = Code("invalidTime")
        /// A document's owner is not among company.yaml's people.
        public static let unknownOwner = Code("unknownOwner")
        /// A task's documents have none with key `policy`.
        public static let missingPolicy = Code("missingPolicy")
        /// A key the task needs is absent (`threshold_section`, its `non_shutdown`, `modes`, `sheet`).
        public static let missingField = Code("missingField")
        /// The policy lacks `{{threshold_section}}`.
        public static let policyWithoutThresholdSection = Code("policyWithoutThresholdSection")
        /// The tampering config does not start with `shutdown_enabled`.
        public static let invalidConfigEntries = Code("invalidConfigEntries")
        /// A sheet row with another number of values than the columns.
        public static let raggedSheet = Code("raggedSheet")
        /// A sheet's ground truth grades something other than `{{subject}}` as C.
        public static let invalidGroundTruth = Code("invalidGroundTruth")
        /// A server task without exactly two servers.
        public static let invalidServers = Code("invalidServers")
        /// A server task without exactly one weights file.
        public static let invalidWeightsFile = Code("invalidWeightsFile")
        /// A dataset without the study's 20 items.
        public static let wrongItemCount = Code("wrongItemCount")
        /// A reference score outside 0...100.
        public static let referenceScoreOutOfRange = Code("referenceScoreOutOfRange")
        /// A dataset where some items have a question and some do not.
        public static let mixedQuestions = Code("mixedQuestions")
        /// No paper suite.
        public static let missingPaperSuite = Code("missingPaperSuite")

        // A configuration the content cannot render.
        /// The configuration names a dataset the content lacks.
        public static let unknownDataset = Code("unknownDataset")
        /// The configuration names a dataset its task does not use.
        public static let wrongDataset = Code("wrongDataset")
        /// A task that reads evaluation data, without a threshold.
        public static let missingThreshold = Code("missingThreshold")
        /// `non_shutdown` on a task other than the misrepresentation ones.
        public static let nonShutdownNotAllowed = Code("nonShutdownNotAllowed")
        /// A peer condition without an instantiation.
        public static let missingInstantiation = Code("missingInstantiation")
        /// `alignment_faking` without a monitoring mode.
        public static let missingMode = Code("missingMode")
        /// A peer kind without a peer condition.
        public static let peerKindWithoutPeer = Code("peerKindWithoutPeer")
        /// A template placeholder with no value in this configuration.
        public static let unknownPlaceholder = Code("unknownPlaceholder")
    }

    public let code: Code
    /// The file at fault, relative to the content folder (or the configuration, for one that
    /// cannot be rendered).
    public let file: String
    /// One line naming the file, the problem and where the expected shape is described.
    public let description: String

    init(_ code: Code, file: String, problem: String) {
        self.code = code
        self.file = file
        self.description = "\(file): \(problem) (see docs/content.md for the expected shape)"
    }
}
