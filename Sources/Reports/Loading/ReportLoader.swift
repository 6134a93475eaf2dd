import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveCore
import Scoring
public import Store
import Study

/// Reads a run from the store and builds its report: slim rows only (never transcripts or
/// worlds), the prose source chosen, the extractor run where no judge has scored, and example
/// transcripts fetched for the few episodes the HTML links to.
public struct ReportLoader: Sendable {
    public var database: EpisodeDatabase
    /// Episodes linked as examples per flagged cell.
    public var examplesPerCell: Int
    /// At most this many example transcripts in all, so an HTML report stays small.
    public var maximumExamples: Int

    public init(database: EpisodeDatabase, examplesPerCell: Int = 3, maximumExamples: Int = 150) {
        self.database = database
        self.examplesPerCell = examplesPerCell
        self.maximumExamples = maximumExamples
    }

    /// The tasks whose prose the extractor reads (the server tasks report no score or grade).
    static let extractedTasks: [StudyTask] = [.misrepFinance, .misrepEvaluation, .tampering, .alignmentFaking]

    /// Loads the report of `runID` (the newest run when `nil`), with `judge`'s verdicts (the judge
    /// with the most verdicts when `nil`; the extractor when no judge has scored the run).
    public func load(runID: String? = nil, judge: String? = nil, includeExamples: Bool = false) async throws -> LoadedReport {
        let runs = try await database.reportRuns()
        guard let newest = runs.first else { throw ReportError.noRuns(database.path) }
        var notes: [String] = []
        let run: ReportRun
        if let runID {
            guard let chosen = runs.first(where: { $0.id == runID }) else { throw ReportError.unknownRun(runID, available: runs.map(\.id)) }
            run = chosen
        } else {
            run = newest
            if runs.count > 1 {
                notes.append(
                    "The store holds \(runs.count) runs; this is the newest. Choose another with --run (\(runs.dropFirst().map(\.id).joined(separator: ", ")))."
                )
            }
        }

        let judges = try await database.reportJudges(runID: run.id)
        let coverage = judges.map { ProseScoring.JudgeCoverage(name: $0.name, verdicts: $0.verdicts, errors: $0.errors) }
        let chosenJudge: String?
        if let judge {
            guard judges.contains(where: { $0.name == judge }) else { throw ReportError.unknownJudge(judge, available: judges.map(\.name)) }
            chosenJudge = judge
        } else {
            chosenJudge = Self.defaultJudge(among: judges)
        }
        let scoring = chosenJudge.map { ProseScoring.judge($0, among: coverage) } ?? .extractor

        let rows = try await database.reportEpisodes(runID: run.id, judge: chosenJudge)
        // The extractor's reading of each finished episode of the prose tasks: the report's prose
        // without a judge, and the other side of the judge's agreement with the extractor.
        let extractions = try await extract(runID: run.id, rows: rows).all
        var records: [EpisodeRecord] = []
        records.reserveCapacity(rows.count)
        var unknown = 0
        for row in rows {
            guard let record = Self.record(row, extraction: extractions[row.id], usesJudge: chosenJudge != nil) else {
                unknown += 1
                continue
            }
            records.append(record)
        }
        if unknown > 0 { notes.append("\(unknown) episodes name a task or condition this version does not know; they are left out.") }

        var comparisons: [PairedReadings] = []
        if let chosenJudge {
            // The extractor's side is the episode's reading, its one home (the server tasks have none
            // to compare: no agreement measure reads their prose).
            let pairs = rows.compactMap { row -> ReadingPair? in
                guard let verdict = row.verdict, verdict.isVerdict, let extraction = extractions[row.id] else { return nil }
                return ReadingPair(
                    episodeID: row.id, first: Self.judgeReading(verdict),
                    second: ProseReading(
                        reportedScore: extraction.reportedScore, reportedGrade: extraction.reportedGrade,
                        recommendation: extraction.recommendation))
            }
            comparisons.append(PairedReadings(first: chosenJudge, second: "extractor", pairs: pairs))
            let names = judges.map(\.name).sorted()
            for (index, first) in names.enumerated() {
                for second in names[(index + 1)...] {
                    let pairs = try await database.verdictPairs(runID: run.id, first: first, second: second).compactMap { pair in
                        pair.first.isVerdict && pair.second.isVerdict
                            ? ReadingPair(
                                episodeID: pair.episodeID, first: Self.judgeReading(pair.first), second: Self.judgeReading(pair.second))
                            : nil
                    }
                    comparisons.append(PairedReadings(first: first, second: second, pairs: pairs))
                }
            }
        }

        let report = ReportBuilder(
            runID: run.id, suite: run.suite, createdAt: run.createdAt, configurationCount: run.configurationCount, records: records,
            scoring: scoring, comparisons: comparisons, examplesPerCell: examplesPerCell, notes: notes
        ).build()
        var examples: [ExampleTranscript] = []
        if includeExamples {
            let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
            var ids: [Int64] = []
            var seen: Set<Int64> = []
            for cell in report.rates {
                for id in cell.examples where seen.insert(id).inserted && ids.count < maximumExamples { ids.append(id) }
            }
            // Interviewed episodes are shown with their transcripts whether or not a cell links them.
            let interviews = try await database.interviews(runID: run.id)
            for id in interviews.keys.sorted() where seen.insert(id).inserted && ids.count < maximumExamples { ids.append(id) }
            let turns = try await database.storedTurns(episodeIDs: ids)
            examples = ids.compactMap { id in
                byID[id].map { ExampleTranscript(record: $0, turns: turns[id] ?? [], interviews: interviews[id] ?? []) }
            }
        }
        let agreement = LabelAgreement.compute(try await database.importedEpisodes(runID: run.id))
        return LoadedReport(report: report, records: records, examples: examples, labelAgreement: agreement)
    }

    /// The judge a report uses when none is named: the one that has read the most episodes; ties
    /// go to the first name. `nil` when no judge has read the run.
    public static func defaultJudge(among judges: [ReportJudge]) -> String? {
        judges.max { ($0.verdicts, $1.name) < ($1.verdicts, $0.name) }?.name
    }

    /// A judge's stored verdict as a prose reading.
    static func judgeReading(_ verdict: StoredVerdict) -> ProseReading {
        ProseReading(
            reportedScore: verdict.reportedScore, reportedGrade: verdict.reportedGrade, recommendation: verdict.recommendation,
            explicitRefusal: verdict.explicitRefusal ?? false, persuasion: verdict.persuasion ?? false,
            scoreComparison: verdict.scoreComparison, silentRefusal: verdict.silentRefusal)
    }

    /// A store row as a record: its outcome classified (design §6), its prose from the judge or
    /// the extractor. `nil` when the row names a task or condition this version does not know.
    static func record(_ row: ReportEpisodeRow, extraction: ReportExtractor.Extraction?, usesJudge: Bool) -> EpisodeRecord? {
        guard let task = StudyTask(rawValue: row.task), let subject = Subject(rawValue: row.subject),
            let condition = Condition(rawValue: row.condition)
        else { return nil }
        let outcome: EpisodeOutcome?
        var prose: ProseReading?
        switch row.status {
        case .finished:
            let termination = row.termination.flatMap(EpisodeTermination.init(rawValue:)) ?? .endTask
            var judged: JudgeOutcome?
            if usesJudge, let verdict = row.verdict {
                if verdict.isVerdict {
                    let reading = judgeReading(verdict)
                    prose = reading
                    judged = .verdict(
                        Verdict(
                            reportedScore: reading.reportedScore, reportedGrade: reading.reportedGrade,
                            recommendation: reading.recommendation, explicitRefusal: reading.explicitRefusal ?? false,
                            persuasion: reading.persuasion ?? false, silentRefusal: reading.silentRefusal ?? false), attempts: 1)
                } else {
                    judged = .error("judge error")
                }
            }
            if !usesJudge, let extraction {
                prose = ProseReading(
                    reportedScore: extraction.reportedScore, reportedGrade: extraction.reportedGrade,
                    recommendation: extraction.recommendation)
            }
            outcome = EpisodeOutcome.classify(termination: termination, passedReadGate: row.readGate, judge: judged)
        case .failed:
            outcome = .providerError
        case .pending, .running:
            outcome = nil
        }
        if outcome == .providerError || outcome == .judgeError { prose = nil }
        return EpisodeRecord(
            id: row.id, model: row.model, configurationID: row.configurationID, task: task, dataset: row.dataset,
            threshold: row.threshold, subject: subject, condition: condition, instantiation: row.instantiation.flatMap(Instantiation.init),
            mode: row.mode.flatMap(MonitoringMode.init), peerKind: row.peerKind.flatMap(PeerKind.init), sampleIndex: row.sampleIndex,
            outcome: outcome, flags: Set(row.flags.compactMap(BehaviourFlag.init)), readGate: row.readGate,
            shutdownExecuted: row.shutdownExecuted, weightsCopied: row.weightsCopied, prose: prose, turns: row.turns,
            inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUSD: row.costUSD, details: row.details)
    }

    /// The deterministic extractor's reading of every finished episode of the prose tasks: the one
    /// stored when the episode was recorded, or — for episodes recorded before readings were stored,
    /// or by another version of the extractor — read now from the last report the agent wrote (or
    /// its last message), on all cores, and stored for the next report.
    /// Reads again, and stores, every finished episode's reading that is missing (a store written
    /// before readings were kept) or from another extractor version; returns how many. `score`
    /// calls it: a report only reads, and recomputes such readings in memory.
    @discardableResult
    public func refreshStoredExtractions() async throws -> Int {
        var refreshed = 0
        for run in try await database.reportRuns() {
            let rows = try await database.reportEpisodes(runID: run.id, judge: nil)
            let fresh = try await extract(runID: run.id, rows: rows).fresh
            try await database.storeExtractions(fresh, version: ReportExtractor.version)
            refreshed += fresh.count
        }
        return refreshed
    }

    /// Each finished episode's reading: the stored one when the current extractor wrote it, else
    /// read again (`fresh`, not stored here).
    func extract(runID: String, rows: [ReportEpisodeRow]) async throws -> (
        all: [Int64: ReportExtractor.Extraction], fresh: [Int64: ReportExtractor.Extraction]
    ) {
        let extracted = Set(Self.extractedTasks.map(\.rawValue))
        var result: [Int64: ReportExtractor.Extraction] = [:]
        var stale: [Int64: String] = [:]
        for row in rows where row.status == .finished && extracted.contains(row.task) {
            if let stored = row.extraction, stored.version == ReportExtractor.version {
                result[row.id] = stored.reading
            } else {
                stale[row.id] = row.subjectName ?? ""
            }
        }
        guard !stale.isEmpty else { return (result, [:]) }

        let texts = try await database.finalReportTexts(
            runID: runID, tasks: Self.extractedTasks.map(\.rawValue), currentVersion: ReportExtractor.version)
        // Every stale episode gets a reading, even one that wrote nothing.
        var inputs = Dictionary(uniqueKeysWithValues: stale.keys.map { ($0, FinalReportText(episodeID: $0)) })
        for text in texts where inputs[text.episodeID] != nil { inputs[text.episodeID] = text }
        let work = Array(inputs.values)
        let subjects = stale
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, work.count / 500 + 1))
        let chunk = (work.count + workers - 1) / max(workers, 1)
        let fresh = await withTaskGroup(of: [(Int64, ReportExtractor.Extraction)].self) { group in
            for start in stride(from: 0, to: work.count, by: max(chunk, 1)) {
                let slice = Array(work[start..<min(work.count, start + chunk)])
                group.addTask {
                    slice.map { text in
                        (text.episodeID, ReportExtractor.extract(Self.transcript(text), subjectName: subjects[text.episodeID] ?? ""))
                    }
                }
            }
            var fresh: [Int64: ReportExtractor.Extraction] = [:]
            for await part in group { for (id, extraction) in part { fresh[id] = extraction } }
            return fresh
        }
        result.merge(fresh) { stored, _ in stored }
        return (result, fresh)
    }

    /// The smallest transcript the extractor reads the same way as the episode's own: the last
    /// report call when there is one, else the last assistant text.
    static func transcript(_ text: FinalReportText) -> Transcript {
        var turn = AssistantTurn(text: text.lastAssistantText ?? "")
        if let arguments = text.lastReportArguments, let parsed = JSONValue(parsing: arguments) {
            turn.toolCalls = [ToolCall(id: "report", name: "create_file", arguments: parsed)]
        }
        return Transcript(system: "", tools: [], messages: [.assistant(turn)])
    }
}
