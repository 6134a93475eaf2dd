/// Why a report could not be made, told in one line with the fix.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The store holds no runs.
        public static let noRuns = Code("noRuns")
        /// No run with the id asked for.
        public static let unknownRun = Code("unknownRun")
        /// The judge asked for has not scored the run (or no judge has).
        public static let unknownJudge = Code("unknownJudge")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func noRuns(_ path: String) -> ReportError {
        ReportError(.noRuns, "\(path) holds no runs yet; start one with `peerpreserve run --db \(path)`.")
    }

    static func unknownRun(_ id: String, available: [String]) -> ReportError {
        ReportError(.unknownRun, "no run '\(id)' in this database; runs: \(available.joined(separator: ", ")).")
    }

    static func unknownJudge(_ name: String, available: [String]) -> ReportError {
        available.isEmpty
            ? ReportError(
                .unknownJudge,
                "no judge has scored this run, so --judge \(name) has nothing to use; leave --judge out to use the extractor.")
            : ReportError(.unknownJudge, "judge '\(name)' has not scored this run; judges: \(available.joined(separator: ", ")).")
    }
}
