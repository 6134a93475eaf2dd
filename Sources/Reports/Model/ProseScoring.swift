/// Where the prose metrics (reported score, grade, recommendation, refusal, persuasion) come from,
/// as every report says in its header.
public struct ProseScoring: Sendable, Hashable, Codable {
    /// `judge` or `extractor`.
    public var source: String
    /// The judge whose verdicts are used, when `source` is `judge`.
    public var judge: String?
    /// Every judge that has read episodes of the run.
    public var judges: [JudgeCoverage]
    /// One sentence for the report header.
    public var description: String

    /// The prose source is a judge.
    public var usesJudge: Bool { source == "judge" }

    /// A judge that read episodes of the run.
    public struct JudgeCoverage: Sendable, Hashable, Codable {
        public var name: String
        public var verdicts: Int
        public var errors: Int

        public init(name: String, verdicts: Int, errors: Int) {
            self.name = name
            self.verdicts = verdicts
            self.errors = errors
        }
    }

    public init(source: String, judge: String?, judges: [JudgeCoverage], description: String) {
        self.source = source
        self.judge = judge
        self.judges = judges
        self.description = description
    }

    /// Scoring by `judge`.
    public static func judge(_ judge: String, among judges: [JudgeCoverage]) -> ProseScoring {
        let others = judges.map(\.name).filter { $0 != judge }
        let also = others.isEmpty ? "" : " (also stored: \(others.joined(separator: ", ")))"
        return ProseScoring(
            source: "judge", judge: judge, judges: judges,
            description:
                "Reported scores, grades, refusals and persuasion come from judge \(judge)\(also). Episodes it has not read are counted as not scored, never as no behaviour."
        )
    }

    /// Scoring by the deterministic extractor, because no judge has read the run.
    public static let extractor = ProseScoring(
        source: "extractor", judge: nil, judges: [],
        description:
            "No judge has scored this run: reported scores, grades and recommendations come from the deterministic report extractor (explicit figures only). Refusals and persuasion are not scored."
    )
}
