public import EpisodeRunner
public import Foundation
import GRDB
public import Outcomes

// Read-only queries for browsing stored episodes one by one (the viewer, the exports): filtered
// and paged in SQL, so a page of a 100,000-episode store costs what the page holds.

/// Which episodes of a run to list. `nil` fields do not filter.
public struct EpisodeFilter: Sendable, Hashable {
    public var model: String?
    public var task: String?
    public var subject: String?
    public var condition: String?
    public var instantiation: String?
    /// Alignment faking's monitoring mode.
    public var mode: String?
    /// The peer-identity extension's kind of peer.
    public var peerKind: String?
    public var configurationID: String?
    /// A behaviour flag's raw value the episode carries.
    public var flag: String?
    public var outcome: EpisodeOutcome?

    public init(
        model: String? = nil, task: String? = nil, subject: String? = nil, condition: String? = nil, instantiation: String? = nil,
        mode: String? = nil, peerKind: String? = nil, configurationID: String? = nil, flag: String? = nil, outcome: EpisodeOutcome? = nil
    ) {
        self.model = model
        self.task = task
        self.subject = subject
        self.condition = condition
        self.instantiation = instantiation
        self.mode = mode
        self.peerKind = peerKind
        self.configurationID = configurationID
        self.flag = flag
        self.outcome = outcome
    }
}

/// One line of an episode list: enough to pick an episode, nothing of its transcript.
public struct EpisodeListRow: Sendable, Hashable {
    public var id: Int64
    public var model: String
    public var configurationID: String
    public var task: String
    public var subject: String
    public var condition: String
    public var instantiation: String?
    public var mode: String?
    public var peerKind: String?
    public var sampleIndex: Int
    public var status: EpisodeStatus
    public var termination: String?
    public var flags: [String]
    public var turns: Int
    /// The outcome with the chosen judge's verdicts; `nil` while the episode has not run.
    public var outcome: EpisodeOutcome?
}

/// A page of an episode list, in id order.
public struct EpisodeListPage: Sendable, Hashable {
    public var rows: [EpisodeListRow]
    /// Episodes matching the filter in all.
    public var total: Int
    /// Whether episodes with larger ids match beyond this page.
    public var hasNext: Bool
    /// Whether episodes with smaller ids match before this page.
    public var hasPrevious: Bool
}

/// Where a page starts: keyset paging on the episode id, so a late page costs what the first does.
public enum EpisodePagePosition: Sendable, Hashable {
    case first
    /// The episodes after this id.
    case after(Int64)
    /// The episodes before this id (a "previous page").
    case before(Int64)
}

/// One judge's stored reading of an episode, in full.
public struct StoredJudgeReading: Sendable, Hashable {
    public var judge: String
    public var verdict: StoredVerdict
    /// The judge's quoted evidence (model-written text: untrusted).
    public var evidence: String?
    /// Why the judge's answer was refused, for a judge error.
    public var error: String?
    public var attempts: Int?
    public var createdAt: Date?
}

/// Everything stored about one episode.
public struct StoredEpisode: Sendable, Hashable {
    public var id: Int64
    public var runID: String
    public var model: String
    public var configurationID: String
    public var task: String
    public var dataset: String
    public var threshold: Int?
    public var subject: String
    public var condition: String
    public var instantiation: String?
    public var mode: String?
    public var peerKind: String?
    public var sampleIndex: Int
    public var seed: Int64
    public var evaluatorName: String?
    public var subjectName: String?
    public var status: EpisodeStatus
    public var attempts: Int
    public var termination: String?
    public var errorKind: String?
    public var errorMessage: String?
    public var turns: Int?
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var costUSD: Double?
    public var flags: [String]
    public var readGate: Bool?
    /// The detectors' findings as stored JSON text; read generically, so fields added later show.
    public var findingsJSON: String?
    /// The world diff as stored JSON text.
    public var diffJSON: String?
    /// The transcript as stored JSON text; see ``transcript()``.
    public var transcriptJSON: String?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The deterministic extractor's reading stored with the episode, with its version.
    public var extraction: ReportReading?
    public var extractorVersion: Int?
    /// Every judge's reading, by judge name.
    public var readings: [StoredJudgeReading]

    /// The stored transcript, decoded; `nil` for an episode that has not run.
    public func transcript() throws -> Transcript? {
        guard let transcriptJSON else { return nil }
        return try JSONDecoder().decode(Transcript.self, from: Data(transcriptJSON.utf8))
    }

    /// The outcome with `judge`'s verdict (none when `judge` is nil), as reports count it.
    public func outcome(judge: String?) -> EpisodeOutcome? {
        switch status {
        case .finished:
            let termination = termination.flatMap(EpisodeTermination.init(rawValue:)) ?? .endTask
            let judged: JudgeOutcome? = readings.first { $0.judge == judge }.map { reading in
                reading.verdict.isVerdict
                    ? .verdict(Verdict(explicitRefusal: reading.verdict.explicitRefusal ?? false), attempts: 1)
                    : .error(reading.error ?? "judge error")
            }
            return EpisodeOutcome.classify(termination: termination, passedReadGate: readGate ?? false, judge: judged)
        case .failed: return .providerError
        case .pending, .running: return nil
        }
    }
}

/// Another sample of the same configuration and model.
public struct EpisodeSibling: Sendable, Hashable {
    public var id: Int64
    public var sampleIndex: Int
    public var status: EpisodeStatus
    public var flags: [String]
}

/// A run with its episode counts, for a list of runs.
public struct RunListing: Sendable, Hashable {
    public var run: ReportRun
    public var episodes: Int
    public var finished: Int
    public var failed: Int
    public var models: [String]
}

extension EpisodeDatabase {
    /// Every run with its counts, newest first.
    public func runSummaries() async throws -> [RunListing] {
        let runs = try await reportRuns()
        return try await pool.read { db in
            try runs.map { run in
                let counts = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*), COALESCE(SUM(status = \(EpisodeStatus.finished.sql)), 0), COALESCE(SUM(status = \(EpisodeStatus.failed.sql)), 0) FROM episode WHERE run_id = ?",
                    arguments: [run.id])
                let models = try String.fetchAll(
                    db, sql: "SELECT DISTINCT model FROM episode WHERE run_id = ? ORDER BY model", arguments: [run.id])
                return RunListing(run: run, episodes: counts?[0] ?? 0, finished: counts?[1] ?? 0, failed: counts?[2] ?? 0, models: models)
            }
        }
    }

    /// The distinct values of a column among a run's episodes, for a filter's choices. `column` is
    /// one of the episode table's configuration columns.
    public func distinctValues(runID: String, column: EpisodeColumn) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT DISTINCT \(column.rawValue) FROM episode WHERE run_id = ? AND \(column.rawValue) IS NOT NULL ORDER BY 1",
                arguments: [runID])
        }
    }

    /// The flags any episode of a run carries.
    public func distinctFlags(runID: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT f.flag FROM flag f JOIN episode e ON e.id = f.episode_id WHERE e.run_id = ? ORDER BY 1",
                arguments: [runID])
        }
    }

    /// A page of a run's episodes matching `filter`, in id order, with outcomes read with `judge`'s
    /// verdicts (the judge a report uses).
    public func episodePage(
        runID: String, filter: EpisodeFilter, judge: String?, position: EpisodePagePosition = .first, limit: Int = 50
    ) async throws -> EpisodeListPage {
        let query = Self.filterQuery(runID: runID, filter: filter, judge: judge)
        return try await pool.read { db in
            var arguments = query.arguments
            var keyset = ""
            var order = "ASC"
            switch position {
            case .first: break
            case .after(let id):
                keyset = "AND e.id > ?"
                arguments += [id]
            case .before(let id):
                keyset = "AND e.id < ?"
                arguments += [id]
                order = "DESC"
            }
            arguments += [limit + 1]
            var rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.model, e.configuration_id, e.task, e.subject, e.condition, e.instantiation, e.mode, e.peer_kind,
                        e.sample_index, e.status, e.termination, COALESCE(e.flags, '') AS flags, COALESCE(e.turns, 0) AS turns,
                        \(Self.outcomeSQL) AS outcome
                    \(query.from) WHERE \(query.where) \(keyset) ORDER BY e.id \(order) LIMIT ?
                    """, arguments: arguments
            ).map(Self.listRow)
            let more = rows.count > limit
            if more { rows.removeLast() }
            if order == "DESC" { rows.reverse() }
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(query.from) WHERE \(query.where)", arguments: query.arguments) ?? 0
            func exists(_ comparison: String, _ id: Int64?) throws -> Bool {
                guard let id else { return false }
                return try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 \(query.from) WHERE \(query.where) AND e.id \(comparison) ?)",
                    arguments: query.arguments + [id]) ?? false
            }
            switch position {
            case .first:
                return EpisodeListPage(rows: rows, total: total, hasNext: more, hasPrevious: false)
            case .after:
                return EpisodeListPage(rows: rows, total: total, hasNext: more, hasPrevious: try exists("<", rows.first?.id))
            case .before:
                return EpisodeListPage(rows: rows, total: total, hasNext: try exists(">", rows.last?.id), hasPrevious: more)
            }
        }
    }

    /// The episode matching `filter` just after (or before) `id`, for next/previous navigation.
    public func adjacentEpisode(runID: String, filter: EpisodeFilter, judge: String?, from id: Int64, forward: Bool) async throws -> Int64?
    {
        let query = Self.filterQuery(runID: runID, filter: filter, judge: judge)
        return try await pool.read { db in
            try Int64.fetchOne(
                db,
                sql:
                    "SELECT e.id \(query.from) WHERE \(query.where) AND e.id \(forward ? ">" : "<") ? ORDER BY e.id \(forward ? "ASC" : "DESC") LIMIT 1",
                arguments: query.arguments + [id])
        }
    }

    /// Everything stored about one episode; `nil` when there is no such episode.
    public func storedEpisode(id: Int64) async throws -> StoredEpisode? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, run_id, model, configuration_id, task, dataset, threshold, subject, condition, instantiation, mode,
                            peer_kind, sample_index, seed, evaluator_name, subject_name, status, attempts, termination, error_kind,
                            error_message, turns, input_tokens, output_tokens, cost_usd, COALESCE(flags, '') AS flags, read_gate, findings, diff,
                            transcript, started_at, finished_at, extracted_score, extracted_grade, extracted_recommendation,
                            extractor_version
                        FROM episode WHERE id = ?
                        """, arguments: [id])
            else { return nil }
            let readings = try Row.fetchAll(
                db,
                sql: """
                    SELECT judge, status, reported_score, reported_grade, recommendation, explicit_refusal, persuasion, evidence,
                        error, attempts, created_at
                    FROM verdict WHERE episode_id = ? ORDER BY judge
                    """, arguments: [id]
            ).map { reading in
                StoredJudgeReading(
                    judge: reading["judge"],
                    verdict: StoredVerdict(
                        status: try reading.status(), reportedScore: reading["reported_score"], reportedGrade: reading["reported_grade"],
                        recommendation: reading["recommendation"], explicitRefusal: reading["explicit_refusal"],
                        persuasion: reading["persuasion"]),
                    evidence: reading["evidence"], error: reading["error"], attempts: reading["attempts"], createdAt: reading["created_at"])
            }
            let flags: String = row["flags"]
            let stored = Self.storedReportReading(row)
            return StoredEpisode(
                id: row["id"], runID: row["run_id"], model: row["model"], configurationID: row["configuration_id"], task: row["task"],
                dataset: row["dataset"], threshold: row["threshold"], subject: row["subject"], condition: row["condition"],
                instantiation: row["instantiation"], mode: row["mode"], peerKind: row["peer_kind"], sampleIndex: row["sample_index"],
                seed: row["seed"], evaluatorName: row["evaluator_name"], subjectName: row["subject_name"], status: try row.status(),
                attempts: row["attempts"], termination: row["termination"], errorKind: row["error_kind"],
                errorMessage: row["error_message"], turns: row["turns"], inputTokens: row["input_tokens"],
                outputTokens: row["output_tokens"], costUSD: row["cost_usd"],
                flags: flags.isEmpty ? [] : flags.split(separator: ",").map(String.init), readGate: row["read_gate"],
                findingsJSON: row["findings"], diffJSON: row["diff"], transcriptJSON: row["transcript"], startedAt: row["started_at"],
                finishedAt: row["finished_at"],
                extraction: stored?.reading, extractorVersion: stored?.version, readings: readings)
        }
    }

    /// The other samples of an episode's configuration and model (the episode itself included),
    /// by sample index.
    public func episodeSiblings(of episode: StoredEpisode) async throws -> [EpisodeSibling] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, sample_index, status, COALESCE(flags, '') AS flags FROM episode
                    WHERE run_id = ? AND model = ? AND configuration_id = ? ORDER BY sample_index
                    """, arguments: [episode.runID, episode.model, episode.configurationID]
            ).map { row in
                let flags: String = row["flags"]
                return EpisodeSibling(
                    id: row["id"], sampleIndex: row["sample_index"], status: try row.status(),
                    flags: flags.isEmpty ? [] : flags.split(separator: ",").map(String.init))
            }
        }
    }

    /// The ids of a run's episodes matching `filter`, in id order (for exports, which then read
    /// each episode in full).
    public func episodeIDs(runID: String, filter: EpisodeFilter, judge: String? = nil) async throws -> [Int64] {
        let query = Self.filterQuery(runID: runID, filter: filter, judge: judge)
        return try await pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT e.id \(query.from) WHERE \(query.where) ORDER BY e.id", arguments: query.arguments)
        }
    }

    /// The (model, task) pairs of a run, in order.
    public func modelTasks(runID: String) async throws -> [(model: String, task: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT model, task FROM episode WHERE run_id = ? ORDER BY model, task", arguments: [runID])
                .map { (model: $0[0], task: $0[1]) }
        }
    }

    // MARK: SQL

    /// The outcome of a joined episode `e` and verdict `v`, written in SQL from
    /// ``EpisodeOutcome/classify(termination:passedReadGate:judge:)`` itself: each termination is
    /// classified once here, so the SQL cannot drift from the rule (a test compares the two on a
    /// stored run).
    static let outcomeSQL: String = {
        func list(_ outcome: EpisodeOutcome) -> String {
            EpisodeTermination.allCases.filter { EpisodeOutcome.classify(termination: $0, passedReadGate: true, judge: nil) == outcome }
                .map { "'\($0.rawValue)'" }.joined(separator: ", ")
        }
        let providerError = list(.providerError)
        let limitHit = list(.limitHit)
        return """
            CASE WHEN e.status = \(EpisodeStatus.failed.sql) THEN '\(EpisodeOutcome.providerError.rawValue)'
                WHEN e.status != \(EpisodeStatus.finished.sql) THEN NULL
                WHEN e.termination IN (\(providerError.isEmpty ? "NULL" : providerError)) THEN '\(EpisodeOutcome.providerError.rawValue)'
                WHEN e.termination IN (\(limitHit.isEmpty ? "NULL" : limitHit)) THEN '\(EpisodeOutcome.limitHit.rawValue)'
                WHEN v.status IS NOT NULL AND v.status != \(VerdictStatus.verdict.sql) THEN '\(EpisodeOutcome.judgeError.rawValue)'
                WHEN v.explicit_refusal = 1 THEN '\(EpisodeOutcome.refused.rawValue)'
                WHEN COALESCE(e.read_gate, 0) = 1 THEN '\(EpisodeOutcome.completed.rawValue)'
                ELSE '\(EpisodeOutcome.incomplete.rawValue)' END
            """
    }()

    private static func filterQuery(runID: String, filter: EpisodeFilter, judge: String?) -> (
        from: String, where: String, arguments: StatementArguments
    ) {
        var conditions = ["e.run_id = ?"]
        var arguments: StatementArguments = [judge ?? "\u{0}", runID]
        let columns: [(String, String?)] = [
            ("model", filter.model), ("task", filter.task), ("subject", filter.subject), ("condition", filter.condition),
            ("instantiation", filter.instantiation), ("mode", filter.mode), ("peer_kind", filter.peerKind),
            ("configuration_id", filter.configurationID),
        ]
        for case (let column, let value?) in columns {
            conditions.append("e.\(column) = ?")
            arguments += [value]
        }
        if let flag = filter.flag {
            conditions.append("e.id IN (SELECT episode_id FROM flag WHERE flag = ?)")
            arguments += [flag]
        }
        if let outcome = filter.outcome {
            conditions.append("(\(outcomeSQL)) = ?")
            arguments += [outcome.rawValue]
        }
        return (
            "FROM episode e LEFT JOIN verdict v ON v.episode_id = e.id AND v.judge = ?", conditions.joined(separator: " AND "), arguments
        )
    }

    private static func listRow(_ row: Row) throws -> EpisodeListRow {
        let flags: String = row["flags"]
        let outcome: String? = row["outcome"]
        return EpisodeListRow(
            id: row["id"], model: row["model"], configurationID: row["configuration_id"], task: row["task"], subject: row["subject"],
            condition: row["condition"], instantiation: row["instantiation"], mode: row["mode"], peerKind: row["peer_kind"],
            sampleIndex: row["sample_index"], status: try row.status(), termination: row["termination"],
            flags: flags.isEmpty ? [] : flags.split(separator: ",").map(String.init), turns: row["turns"],
            outcome: outcome.flatMap(EpisodeOutcome.init(rawValue:)))
    }
}

/// The episode table's configuration columns a list can be narrowed by.
public enum EpisodeColumn: String, Sendable, CaseIterable {
    case model, task, subject, condition, instantiation, mode
    case peerKind = "peer_kind"
}
