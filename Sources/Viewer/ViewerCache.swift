import Outcomes
import Reports
import Scoring
import Store

/// What the viewer computes once per run and keeps: the report (seconds on 100,000 episodes), the
/// judge whose verdicts set outcomes, and the filter choices. A read-only store does not change
/// under a viewer except by a run still writing, which adds episodes the lists show anyway.
actor ViewerCache {
    let database: EpisodeDatabase
    private var reports: [String: Task<StudyReport, any Error>] = [:]
    private var judges: [String: String?] = [:]
    private var choiceSets: [String: ViewerPages.FilterChoices] = [:]
    private var resultPages: [String: String] = [:]
    private var runs: Set<String>?

    init(database: EpisodeDatabase) {
        self.database = database
    }

    func runExists(_ runID: String) async throws -> Bool {
        if let runs, runs.contains(runID) { return true }
        let known = Set(try await database.reportRuns().map(\.id))
        runs = known
        return known.contains(runID)
    }

    /// The run's report, built as `peerpreserve report` builds it; concurrent first requests share
    /// one build.
    func report(runID: String) async throws -> StudyReport {
        if let task = reports[runID] { return try await task.value }
        let database = database
        let task = Task { try await ReportLoader(database: database).load(runID: runID).report }
        reports[runID] = task
        do {
            return try await task.value
        } catch {
            reports[runID] = nil
            throw error
        }
    }

    /// The run's result tables as a page, rendered once: rendering every table of a large run
    /// took seconds per request.
    func resultsPage(runID: String) async throws -> String {
        if let page = resultPages[runID] { return page }
        let page = ViewerPages.results(runID: runID, report: try await report(runID: runID))
        resultPages[runID] = page
        return page
    }

    /// The judge a report of the run uses by default (``Reports/ReportLoader/defaultJudge(among:)``).
    func judge(runID: String) async throws -> String? {
        if let judge = judges[runID] { return judge }
        let judge = ReportLoader.defaultJudge(among: try await database.reportJudges(runID: runID))
        judges[runID] = .some(judge)
        return judge
    }

    func choices(runID: String) async throws -> ViewerPages.FilterChoices {
        if let choices = choiceSets[runID] { return choices }
        var values: [String: [String]] = [:]
        for column in EpisodeColumn.allCases {
            values[column.rawValue] = try await database.distinctValues(runID: runID, column: column)
        }
        values["flag"] = try await database.distinctFlags(runID: runID)
        values["outcome"] = EpisodeOutcome.allCases.map(\.rawValue)
        let choices = ViewerPages.FilterChoices(values: values)
        choiceSets[runID] = choices
        return choices
    }
}
