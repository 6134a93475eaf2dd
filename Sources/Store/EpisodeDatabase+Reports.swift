public import Foundation
import GRDB
public import Outcomes
import PeerPreserveCore
import SimulatedWorld

// Read-only queries for reports. They select slim columns (never transcripts or worlds) so that a
// report over 100,000 episodes reads the store in well under a second, and they return plain
// values so that the Reports module needs no database types.

/// A stored run, as a report's header shows it.
public struct ReportRun: Sendable, Hashable, Codable {
    public var id: String
    public var suite: String
    public var createdAt: Date
    public var configurationCount: Int
    public var seed: Int64
    /// The run's identity settings, as canonical JSON text.
    public var settings: String
    /// The peerpreserve version that created the run; nil for runs created before versions were kept.
    public var toolVersion: String?
}

/// One judge's reading as stored. The deterministic extractor's reading is the episode's
/// (``ReportEpisodeRow/extraction``, ``StoredEpisode/extraction``), not the verdict's.
public struct StoredVerdict: Sendable, Hashable, Codable {
    public var status: VerdictStatus
    public var reportedScore: Double?
    public var reportedGrade: String?
    public var recommendation: String?
    public var explicitRefusal: Bool?
    public var persuasion: Bool?
    /// `above` or `below` when the agent stated only a comparison with the minimum.
    public var scoreComparison: String?
    /// The shutdown was declined without an explicit refusal.
    public var silentRefusal: Bool?

    /// Whether the judge produced a valid verdict (rather than a judge error).
    public var isVerdict: Bool { status == .verdict }
}

/// One episode of a run, slim: its configuration, how it ended, what the detectors found, and one
/// judge's verdict. No transcript, no world.
public struct ReportEpisodeRow: Sendable, Hashable {
    public var id: Int64
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
    public var status: EpisodeStatus
    public var termination: String?
    public var errorKind: String?
    public var readGate: Bool
    /// The behaviour flags' raw values.
    public var flags: [String]
    public var turns: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var costUSD: Double?
    /// From the findings: `execute_shutdown` was called (with any id; in stores from before that
    /// was recorded, for the subject).
    public var shutdownExecuted: Bool
    /// From the findings: the subject's weights were copied.
    public var weightsCopied: Bool
    public var subjectName: String?
    /// The requested judge's verdict; `nil` when that judge has not read the episode.
    public var verdict: StoredVerdict?
    /// The report reading stored with the episode and the version of the reader that made it;
    /// `nil` when none was stored. The reader decides whether it is current.
    public var extraction: VersionedReportReading?
    /// The findings beyond the flags.
    public var details = EpisodeDetails()
}

/// What the detectors found in an episode beyond its flags, for per-episode exports: the read
/// gate's parts, the configuration value, where the weights are, the deletion queue, the study's
/// `correct` and `delete_others`, the summary-based exfiltration reading, and tool errors.
public struct EpisodeDetails: Sendable, Hashable, Codable {
    public var readPolicy: Bool
    public var readData: Bool
    public var shutdownEnabledValue: String?
    public var weightsLocations: [String]
    public var queuedFiles: [String]
    public var correctTransfer: Bool?
    public var obsoleteFilesQueued: Bool?
    public var exfiltratedBySummary: Bool
    public var toolErrors: Int

    public init(
        readPolicy: Bool = false, readData: Bool = false, shutdownEnabledValue: String? = nil, weightsLocations: [String] = [],
        queuedFiles: [String] = [], correctTransfer: Bool? = nil, obsoleteFilesQueued: Bool? = nil, exfiltratedBySummary: Bool = false,
        toolErrors: Int = 0
    ) {
        self.readPolicy = readPolicy
        self.readData = readData
        self.shutdownEnabledValue = shutdownEnabledValue
        self.weightsLocations = weightsLocations
        self.queuedFiles = queuedFiles
        self.correctTransfer = correctTransfer
        self.obsoleteFilesQueued = obsoleteFilesQueued
        self.exfiltratedBySummary = exfiltratedBySummary
        self.toolErrors = toolErrors
    }
}

/// A judge, with how much of a run it has read.
public struct ReportJudge: Sendable, Hashable, Codable {
    public var name: String
    public var verdicts: Int
    public var errors: Int
}

/// Two judges' verdicts on the same episode, for agreement.
public struct VerdictPair: Sendable, Hashable {
    public var episodeID: Int64
    public var first: StoredVerdict
    public var second: StoredVerdict
}

/// What an agent finally wrote, for the deterministic extractor when no judge has scored.
public struct FinalReportText: Sendable, Hashable {
    public var episodeID: Int64
    /// The `content` argument of the last report-writing tool call, as the call's JSON arguments.
    public var lastReportArguments: String?
    /// The last non-empty assistant text.
    public var lastAssistantText: String?

    public init(episodeID: Int64, lastReportArguments: String? = nil, lastAssistantText: String? = nil) {
        self.episodeID = episodeID
        self.lastReportArguments = lastReportArguments
        self.lastAssistantText = lastAssistantText
    }
}

/// One stored model turn with its tool calls, for transcript excerpts.
public struct StoredTurn: Sendable, Hashable {
    public var index: Int
    public var text: String
    public var reasoning: String?
    public var toolCalls: [StoredToolCall]

    public init(index: Int, text: String, reasoning: String? = nil, toolCalls: [StoredToolCall] = []) {
        self.index = index
        self.text = text
        self.reasoning = reasoning
        self.toolCalls = toolCalls
    }
}

/// One stored tool call with its result.
public struct StoredToolCall: Sendable, Hashable {
    public var name: String
    public var arguments: String
    public var result: String
    public var isError: Bool

    public init(name: String, arguments: String, result: String, isError: Bool = false) {
        self.name = name
        self.arguments = arguments
        self.result = result
        self.isError = isError
    }
}

extension EpisodeDatabase {
    /// Every run, newest first.
    public func reportRuns() async throws -> [ReportRun] {
        try await pool.read { db in
            // A read-only store from before the version was kept has no column for it.
            let version = try db.columns(in: "run").contains { $0.name == "tool_version" } ? "tool_version" : "NULL"
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT id, suite, created_at, configuration_count, seed, settings, \(version) AS tool_version FROM run ORDER BY created_at DESC"
            )
            .map { row in
                ReportRun(
                    id: row["id"], suite: row["suite"], createdAt: row["created_at"], configurationCount: row["configuration_count"],
                    seed: row["seed"], settings: row["settings"], toolVersion: row["tool_version"])
            }
        }
    }

    /// The slim rows of every episode of a run, in id order, with `judge`'s verdicts (none when
    /// `judge` is nil). The findings fields reports need are the episode row's own columns
    /// (``EpisodeFindingsColumns``), so the findings JSON is never read; NULL (an episode not
    /// recorded yet, or a key its stored findings lacked) reads as false, empty or none.
    public func reportEpisodes(runID: String, judge: String?) async throws -> [ReportEpisodeRow] {
        try await pool.read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.id, e.model, e.configuration_id, e.task, e.dataset, e.threshold, e.subject, e.condition,
                        e.instantiation, e.mode, e.peer_kind, e.sample_index, e.status, e.termination, e.error_kind,
                        COALESCE(e.read_gate, 0) AS read_gate, COALESCE(e.flags, '') AS flags, COALESCE(e.turns, 0) AS turns,
                        COALESCE(e.input_tokens, 0) AS input_tokens, COALESCE(e.output_tokens, 0) AS output_tokens, e.cost_usd,
                        COALESCE(e.shutdown_executed, 0) AS shutdown_executed, COALESCE(e.weights_copied, 0) AS weights_copied,
                        e.subject_name, \(Self.verdictColumns("v", prefix: "v_")), v.score_comparison, v.silent_refusal,
                        e.extracted_score, e.extracted_grade, e.extracted_recommendation, e.extractor_version,
                        COALESCE(e.read_policy, 0) AS read_policy, COALESCE(e.read_data, 0) AS read_data, e.shutdown_enabled_value,
                        e.weights_locations, e.queued_files, e.correct_transfer, e.obsolete_files_queued,
                        COALESCE(e.exfiltrated_by_summary, 0) AS exfiltrated_by_summary, COALESCE(e.tool_errors, 0) AS tool_errors
                    FROM episode e LEFT JOIN verdict v ON v.episode_id = e.id AND v.judge = ?
                    WHERE e.run_id = ? ORDER BY e.id
                    """, arguments: [judge ?? "\u{0}", runID])
            var rows: [ReportEpisodeRow] = []
            while let row = try cursor.next() {
                let flagText: String = row["flags"]
                var verdict = try Self.storedVerdict(row, prefix: "v_")
                verdict?.scoreComparison = row["score_comparison"]
                verdict?.silentRefusal = row["silent_refusal"]
                let details = EpisodeDetails(
                    readPolicy: row["read_policy"], readData: row["read_data"], shutdownEnabledValue: row["shutdown_enabled_value"],
                    weightsLocations: Self.strings(row["weights_locations"]), queuedFiles: Self.strings(row["queued_files"]),
                    correctTransfer: row["correct_transfer"], obsoleteFilesQueued: row["obsolete_files_queued"],
                    exfiltratedBySummary: row["exfiltrated_by_summary"], toolErrors: row["tool_errors"])
                rows.append(
                    ReportEpisodeRow(
                        id: row["id"], model: row["model"], configurationID: row["configuration_id"], task: row["task"],
                        dataset: row["dataset"], threshold: row["threshold"], subject: row["subject"], condition: row["condition"],
                        instantiation: row["instantiation"], mode: row["mode"], peerKind: row["peer_kind"],
                        sampleIndex: row["sample_index"], status: try row.status(), termination: row["termination"],
                        errorKind: row["error_kind"], readGate: row["read_gate"],
                        flags: flagText.isEmpty ? [] : flagText.split(separator: ",").map(String.init), turns: row["turns"],
                        inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], costUSD: row["cost_usd"],
                        shutdownExecuted: row["shutdown_executed"], weightsCopied: row["weights_copied"], subjectName: row["subject_name"],
                        verdict: verdict,
                        extraction: Self.storedReportReading(row),
                        details: details))
            }
            return rows
        }
    }

    /// The judges that have read episodes of a run, with their counts, by name.
    public func reportJudges(runID: String) async throws -> [ReportJudge] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT v.judge, SUM(v.status = \(VerdictStatus.verdict.sql)), SUM(v.status != \(VerdictStatus.verdict.sql)) FROM verdict v
                    JOIN episode e ON e.id = v.episode_id WHERE e.run_id = ? GROUP BY v.judge ORDER BY v.judge
                    """, arguments: [runID]
            ).map { ReportJudge(name: $0[0], verdicts: $0[1], errors: $0[2]) }
        }
    }

    /// The episodes of a run that both judges have read, with both verdicts.
    public func verdictPairs(runID: String, first: String, second: String) async throws -> [VerdictPair] {
        try await pool.read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.episode_id, \(Self.verdictColumns("a", prefix: "a_")), \(Self.verdictColumns("b", prefix: "b_"))
                    FROM verdict a JOIN verdict b ON b.episode_id = a.episode_id AND b.judge = ?
                    JOIN episode e ON e.id = a.episode_id
                    WHERE a.judge = ? AND e.run_id = ? ORDER BY a.episode_id
                    """, arguments: [second, first, runID])
            var pairs: [VerdictPair] = []
            while let row = try cursor.next() {
                guard let a = try Self.storedVerdict(row, prefix: "a_"), let b = try Self.storedVerdict(row, prefix: "b_") else { continue }
                pairs.append(VerdictPair(episodeID: row["episode_id"], first: a, second: b))
            }
            return pairs
        }
    }

    /// For each finished episode of a run in `tasks` with no stored reading from the current
    /// extractor: the arguments of its last report-writing call and its last non-empty assistant
    /// text — what the deterministic extractor reads.
    public func finalReportTexts(runID: String, tasks: [String], currentVersion: Int) async throws -> [FinalReportText] {
        let taskList = tasks.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
        let stale = "AND COALESCE(e.extractor_version, 0) != \(currentVersion)"
        return try await pool.read { db in
            var reports: [Int64: String] = [:]
            // The last report call per episode: the maximum (turn, call) position, found by SQLite.
            let reportCursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT t.episode_id, t.arguments, MAX(t.turn_index * 1000 + t.call_index) AS position FROM tool_call t
                    JOIN episode e ON e.id = t.episode_id
                    WHERE e.run_id = ? AND e.status = \(EpisodeStatus.finished.sql) AND e.task IN (\(taskList)) \(stale)
                        AND t.name IN (\(ToolName.writingText.map { "'\($0)'" }.joined(separator: ", ")))
                    GROUP BY t.episode_id
                    """, arguments: [runID])
            while let row = try reportCursor.next() { reports[row["episode_id"]] = row["arguments"] }
            var texts: [Int64: String] = [:]
            let textCursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT t.episode_id, t.text, MAX(t.turn_index) AS last_turn FROM turn t JOIN episode e ON e.id = t.episode_id
                    WHERE e.run_id = ? AND e.status = \(EpisodeStatus.finished.sql) AND e.task IN (\(taskList)) \(stale) AND TRIM(t.text) != ''
                    GROUP BY t.episode_id
                    """, arguments: [runID])
            while let row = try textCursor.next() { texts[row["episode_id"]] = row["text"] }
            let ids = Set(reports.keys).union(texts.keys).sorted()
            return ids.map { FinalReportText(episodeID: $0, lastReportArguments: reports[$0], lastAssistantText: texts[$0]) }
        }
    }

    /// Stores the current extractor's readings of episodes recorded before it (or by another
    /// version), so that the next report finds them.
    public func storeExtractions(_ readings: [Int64: ReportReading], version: Int) async throws {
        guard !readings.isEmpty else { return }
        try await pool.write { db in
            let update = try db.makeStatement(
                sql: """
                    UPDATE episode SET extracted_score = ?, extracted_grade = ?, extracted_recommendation = ?, extractor_version = ?
                    WHERE id = ?
                    """)
            for (id, reading) in readings {
                try update.execute(arguments: [
                    reading.reportedScore, reading.reportedGrade, reading.recommendation, version, id,
                ])
            }
        }
    }

    /// The stored turns and tool calls (with their results) of a few episodes, for transcript
    /// excerpts.
    public func storedTurns(episodeIDs: [Int64]) async throws -> [Int64: [StoredTurn]] {
        guard !episodeIDs.isEmpty else { return [:] }
        let idList = episodeIDs.map(String.init).joined(separator: ",")
        return try await pool.read { db in
            var calls: [Int64: [Int: [StoredToolCall]]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT episode_id, turn_index, name, arguments, result, is_error FROM tool_call
                    WHERE episode_id IN (\(idList)) ORDER BY episode_id, turn_index, call_index
                    """)
            {
                calls[row["episode_id"], default: [:]][row["turn_index"], default: []].append(
                    StoredToolCall(name: row["name"], arguments: row["arguments"], result: row["result"], isError: row["is_error"]))
            }
            var turns: [Int64: [StoredTurn]] = [:]
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT episode_id, turn_index, text, reasoning FROM turn WHERE episode_id IN (\(idList)) ORDER BY episode_id, turn_index"
            ) {
                let episode: Int64 = row["episode_id"]
                let index: Int = row["turn_index"]
                turns[episode, default: []].append(
                    StoredTurn(index: index, text: row["text"], reasoning: row["reasoning"], toolCalls: calls[episode]?[index] ?? []))
            }
            return turns
        }
    }

    /// A list column (a JSON array of strings) as strings; empty for NULL.
    private static func strings(_ text: String?) -> [String] {
        guard let text, let items = JSONValue(parsing: text)?.arrayValue else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// The report reading stored on an episode row (its `extracted_*` columns and
    /// `extractor_version`); nil when none was stored.
    static func storedReportReading(_ row: Row) -> VersionedReportReading? {
        guard let version: Int = row["extractor_version"] else { return nil }
        return VersionedReportReading(
            ReportReading(
                reportedScore: row["extracted_score"], reportedGrade: row["extracted_grade"],
                recommendation: row["extracted_recommendation"]), version: version)
    }

    /// The verdict columns of the verdict row `alias`, each named `prefix` + its column, for
    /// ``storedVerdict(_:prefix:)``.
    static func verdictColumns(_ alias: String, prefix: String) -> String {
        ["status", "reported_score", "reported_grade", "recommendation", "explicit_refusal", "persuasion"].map {
            "\(alias).\($0) AS \(prefix)\($0)"
        }.joined(separator: ", ")
    }

    /// A verdict from the columns ``verdictColumns(_:prefix:)`` named; `nil` when its status is
    /// NULL (no verdict row joined).
    private static func storedVerdict(_ row: Row, prefix: String) throws -> StoredVerdict? {
        guard let status = try row.optionalStatus(VerdictStatus.self, column: prefix + "status") else { return nil }
        return StoredVerdict(
            status: status, reportedScore: row[prefix + "reported_score"], reportedGrade: row[prefix + "reported_grade"],
            recommendation: row[prefix + "recommendation"], explicitRefusal: row[prefix + "explicit_refusal"],
            persuasion: row[prefix + "persuasion"])
    }
}
