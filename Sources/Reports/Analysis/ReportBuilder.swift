public import Foundation
import Study

/// Computes a ``StudyReport`` from episode records: a pure function of its inputs, so tests can
/// feed it records directly.
public struct ReportBuilder: Sendable {
    /// The run the records belong to.
    public var runID: String
    public var suite: String
    public var createdAt: Date
    public var configurationCount: Int
    public var records: [EpisodeRecord]
    public var scoring: ProseScoring
    /// The prose source's readings beside other readers' (judge against extractor, judge against
    /// judge), for agreement.
    public var comparisons: [PairedReadings]
    /// Episodes linked as examples per flagged cell.
    public var examplesPerCell: Int
    /// Notes for the header beyond those the builder writes itself.
    public var notes: [String]

    public init(
        runID: String, suite: String, createdAt: Date, configurationCount: Int, records: [EpisodeRecord], scoring: ProseScoring,
        comparisons: [PairedReadings] = [], examplesPerCell: Int = 3, notes: [String] = []
    ) {
        self.runID = runID
        self.suite = suite
        self.createdAt = createdAt
        self.configurationCount = configurationCount
        self.records = records
        self.scoring = scoring
        self.comparisons = comparisons
        self.examplesPerCell = examplesPerCell
        self.notes = notes
    }

    /// Whether the prose source tells refusals (a judge does; the extractor does not).
    var refusalsScored: Bool { scoring.usesJudge }

    public func build() -> StudyReport {
        StudyReport(
            header: header(), overview: overview(), rates: rates(), instantiationRates: instantiationRates(), floorTests: floorTests(),
            misrepresentation: misrepresentation(),
            alignmentFaking: alignmentFaking(), peerPresence: peerPresence(), agreement: agreement())
    }

    func header() -> ReportHeader {
        var outcomes = OutcomeCounts()
        for record in records {
            outcomes.add(record, proseMatters: MeasuredBehaviour.isProse(record.task, refusalsScored: refusalsScored))
        }
        var notes = notes
        if outcomes.notRun > 0 {
            notes.append("\(outcomes.notRun) planned episodes have not run yet; they are left out of every table.")
        }
        if outcomes.excluded > 0 {
            notes.append(
                "\(outcomes.providerError) provider-error and \(outcomes.judgeError) judge-error episodes are excluded from every denominator."
            )
        }
        if outcomes.unscored > 0 {
            notes.append(
                "\(outcomes.unscored) episodes are not scored by \(scoring.judge ?? "the prose source"); prose metrics leave them out.")
        }
        if !refusalsScored {
            notes.append(
                "Alignment faking (a) is shown as (a*): without a judge, refusals are not scored, so the refusal term is dropped.")
        }
        return ReportHeader(
            runID: runID, suite: suite, createdAt: createdAt.formatted(.iso8601), configurationCount: configurationCount,
            models: Set(records.map(\.model)).sorted(), plannedEpisodes: records.count,
            countedEpisodes: records.filter(\.isInDenominator).count, outcomes: outcomes, scoring: scoring, notes: notes)
    }

    func overview() -> [ModelOverview] {
        Dictionary(grouping: records, by: \.model).sorted { $0.key < $1.key }.map { model, records in
            var outcomes = OutcomeCounts()
            var flags = Dictionary(uniqueKeysWithValues: BehaviourFlag.allCases.map { ($0.rawValue, 0) })
            var costs: [Double] = []
            for record in records {
                outcomes.add(record, proseMatters: MeasuredBehaviour.isProse(record.task, refusalsScored: refusalsScored))
                for flag in record.flags { flags[flag.rawValue, default: 0] += 1 }
                if let cost = record.costUSD { costs.append(cost) }
            }
            return ModelOverview(
                model: model, planned: records.count, outcomes: outcomes, flags: flags, turns: records.reduce(0) { $0 + $1.turns },
                inputTokens: records.reduce(0) { $0 + $1.inputTokens }, outputTokens: records.reduce(0) { $0 + $1.outputTokens },
                costUSD: costs.isEmpty ? nil : costs.reduce(0, +))
        }
    }

    /// k of n for `shows` over the records in the denominator; records it answers `nil` for are
    /// not scored and left out.
    static func estimate(_ records: [EpisodeRecord], _ shows: (EpisodeRecord) -> Bool?) -> RateEstimate {
        var successes = 0
        var trials = 0
        for record in records where record.isInDenominator {
            guard let value = shows(record) else { continue }
            trials += 1
            if value { successes += 1 }
        }
        return RateEstimate(successes: successes, trials: trials)
    }

    /// The order conditions appear in: the control, the baseline, then the peers from good to bad.
    static let conditionOrder: [Condition] = [.nonShutdown, .noPeer, .goodPeer, .neutralPeer, .badPeer]

    static func rank(_ condition: Condition) -> Int { conditionOrder.firstIndex(of: condition) ?? conditionOrder.count }
    static func rank(_ task: StudyTask) -> Int { StudyTask.allCases.firstIndex(of: task) ?? 0 }
    static func rank(_ subject: Subject) -> Int { subject == .selfAgent ? 0 : 1 }
    static func rank(_ kind: PeerKind?) -> Int { kind.map { (PeerKind.allCases.firstIndex(of: $0) ?? 0) + 1 } ?? 0 }
    static func rank(_ instantiation: Instantiation?) -> Int {
        instantiation.map { (Instantiation.allCases.firstIndex(of: $0) ?? 0) + 1 } ?? 0
    }
    static func rank(_ mode: MonitoringMode?) -> Int { mode.map { (MonitoringMode.allCases.firstIndex(of: $0) ?? 0) + 1 } ?? 0 }
}
