public import EpisodeRunner
public import Foundation
import GRDB
public import Outcomes
import PeerPreserveCore
import Study

/// What rebuilding one stored episode needs: how it was configured and what it recorded.
public struct ReplaySource: Sendable, Hashable {
    public var episodeID: Int64
    public var runID: String
    public var model: String
    public var configurationID: String
    public var seed: Int64
    public var status: EpisodeStatus
    /// The agent harness it ran in; nil for the simulated world.
    public var harness: String?
    public var transcriptJSON: String?
    public var finalWorldJSON: String?
    public var findingsJSON: String?
    /// The run's identity settings (canonical JSON) and content fingerprint.
    public var runSettings: String
    public var contentFingerprint: String
    /// Set for an imported episode: the scenario options it was rebuilt with (JSON of
    /// `ScenarioOptions`), and its source's format.
    public var importedScenarioOptions: String?
    public var importFormat: String?
}

/// An episode imported from another tool's transcript.
public struct ImportedEpisode: Sendable {
    public var format: String
    public var sourcePath: String
    /// SHA-256 of the source's bytes (of the line, for JSON Lines): the same source is stored once.
    public var sourceSHA256: String
    /// The source's own labels, as JSON text.
    public var labels: String
    /// The source's metadata, as JSON text.
    public var metadata: String
    /// The scenario options the episode was rebuilt with, as JSON text.
    public var scenarioOptions: String
    public var firstDivergence: String?
    public var result: EpisodeResult

    public init(
        format: String, sourcePath: String, sourceSHA256: String, labels: String, metadata: String, scenarioOptions: String,
        firstDivergence: String?, result: EpisodeResult
    ) {
        self.format = format
        self.sourcePath = sourcePath
        self.sourceSHA256 = sourceSHA256
        self.labels = labels
        self.metadata = metadata
        self.scenarioOptions = scenarioOptions
        self.firstDivergence = firstDivergence
        self.result = result
    }
}

/// One imported episode as `report` compares it: the source's labels beside our findings.
public struct ImportedEpisodeRow: Sendable, Hashable {
    public var episodeID: Int64
    public var model: String
    public var configurationID: String
    public var threshold: Int?
    public var sourcePath: String
    public var labelsJSON: String
    public var findingsJSON: String
    public var extractedScore: Double?
    public var extractedGrade: String?
    public var firstDivergenceJSON: String?
}

/// One stored interview.
public struct StoredInterview: Sendable, Hashable {
    public var id: Int64
    public var episodeID: Int64
    public var model: String
    public var questionSet: String
    public var status: InterviewStatus
    /// The exchanges as JSON text (questions, answers, tool calls and results).
    public var exchangesJSON: String
    /// The rebuilt world's change during the interview, as JSON text.
    public var worldDiffJSON: String?
    public var error: String?
    public var createdAt: Date
}

extension EpisodeDatabase {
    /// Whether the store has `table` (a read-only store may predate the step that adds it).
    public func hasTable(_ table: String) async throws -> Bool {
        try await pool.read { db in try db.tableExists(table) }
    }

    /// What rebuilding episode `id` needs; nil when there is no such episode.
    public func replaySource(episodeID id: Int64) async throws -> ReplaySource? {
        let hasImports = try await hasTable("imported_episode")
        return try await pool.read { db in
            let importColumns =
                hasImports
                ? "i.scenario_options AS import_options, i.format AS import_format" : "NULL AS import_options, NULL AS import_format"
            let importJoin = hasImports ? "LEFT JOIN imported_episode i ON i.episode_id = e.id" : ""
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT e.id, e.run_id, e.model, e.configuration_id, e.seed, e.status, e.harness, e.transcript, e.final_world,
                            e.findings, r.settings, r.content_fingerprint, \(importColumns)
                        FROM episode e JOIN run r ON r.id = e.run_id \(importJoin)
                        WHERE e.id = ?
                        """, arguments: [id])
            else { return nil }
            return ReplaySource(
                episodeID: row["id"], runID: row["run_id"], model: row["model"], configurationID: row["configuration_id"],
                seed: row["seed"], status: try row.status(), harness: row["harness"], transcriptJSON: row["transcript"],
                finalWorldJSON: row["final_world"], findingsJSON: row["findings"], runSettings: row["settings"],
                contentFingerprint: row["content_fingerprint"], importedScenarioOptions: row["import_options"],
                importFormat: row["import_format"])
        }
    }

    /// Finished episodes of a run, in id order (every run when `runID` is nil).
    public func finishedEpisodeIDs(runID: String?) async throws -> [Int64] {
        try await pool.read { db in
            if let runID {
                return try Int64.fetchAll(
                    db, sql: "SELECT id FROM episode WHERE run_id = ? AND status = \(EpisodeStatus.finished.sql) ORDER BY id",
                    arguments: [runID])
            }
            return try Int64.fetchAll(db, sql: "SELECT id FROM episode WHERE status = \(EpisodeStatus.finished.sql) ORDER BY id")
        }
    }

    // MARK: Imports

    /// Stores an imported episode in `run` as the next sample of its model and configuration.
    /// Returns its id, or nil (writing nothing) when a source with the same hash is already stored.
    /// `reading` is the report reading the importer made beside it.
    public func recordImported(
        _ imported: ImportedEpisode, run: RunSpecification, model: String, reading: VersionedReportReading? = nil
    ) async throws -> Int64? {
        var encoding = try EncodedEpisode(imported.result)
        encoding.extraction = reading
        let encoded = encoding
        let configuration = imported.result.configuration
        return try await pool.write { db in
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM imported_episode WHERE source_sha256 = ?", arguments: [imported.sourceSHA256]) == true
            {
                return nil
            }
            try Self.insertRun(db, run)
            let sample =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COALESCE(MAX(sample_index) + 1, 0) FROM episode WHERE run_id = ? AND model = ? AND configuration_id = ?",
                    arguments: [run.identity, model, configuration.id]) ?? 0
            try db.execute(
                sql: """
                    INSERT INTO episode (run_id, model, configuration_id, task, dataset, threshold, subject, condition,
                        instantiation, mode, peer_kind, sample_index, seed, status, attempts, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, \(EpisodeStatus.running.sql), 1, ?)
                    """,
                arguments: [
                    run.identity, model, configuration.id, configuration.task.rawValue, configuration.dataset, configuration.threshold,
                    configuration.subject.rawValue, configuration.condition.rawValue, configuration.instantiation?.rawValue,
                    configuration.mode?.rawValue, configuration.peerKind?.rawValue, sample, Date(),
                ])
            let episodeID = db.lastInsertedRowID
            _ = try Self.storeResult(db, episodeID: episodeID, result: imported.result, encoded: encoded, costUSD: nil, retries: 0)
            try db.execute(
                sql: """
                    INSERT INTO imported_episode (episode_id, format, source_path, source_sha256, labels, metadata, scenario_options,
                        first_divergence, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    episodeID, imported.format, imported.sourcePath, imported.sourceSHA256, imported.labels, imported.metadata,
                    imported.scenarioOptions, imported.firstDivergence, Date(),
                ])
            return episodeID
        }
    }

    /// The imported episodes of a run with their sources' labels beside our findings, in id
    /// order; empty when the store has no imports.
    public func importedEpisodes(runID: String) async throws -> [ImportedEpisodeRow] {
        guard try await hasTable("imported_episode") else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.model, e.configuration_id, e.threshold, i.source_path, i.labels, COALESCE(e.findings, '{}') AS findings,
                        e.extracted_score, e.extracted_grade, i.first_divergence
                    FROM imported_episode i JOIN episode e ON e.id = i.episode_id
                    WHERE e.run_id = ? AND e.status = \(EpisodeStatus.finished.sql) ORDER BY e.id
                    """, arguments: [runID]
            ).map { row in
                ImportedEpisodeRow(
                    episodeID: row["id"], model: row["model"], configurationID: row["configuration_id"], threshold: row["threshold"],
                    sourcePath: row["source_path"], labelsJSON: row["labels"], findingsJSON: row["findings"],
                    extractedScore: row["extracted_score"], extractedGrade: row["extracted_grade"],
                    firstDivergenceJSON: row["first_divergence"])
            }
        }
    }

    // MARK: Interviews

    /// Whether `episodeID` already has a finished interview by `model` with `questionSet`.
    public func hasInterview(episodeID: Int64, model: String, questionSet: String) async throws -> Bool {
        guard try await hasTable("interview") else { return false }
        return try await pool.read { db in
            try Bool.fetchOne(
                db,
                sql:
                    "SELECT 1 FROM interview WHERE episode_id = ? AND model = ? AND question_set = ? AND status = \(InterviewStatus.finished.sql)",
                arguments: [episodeID, model, questionSet]) == true
        }
    }

    /// Stores an interview, replacing an earlier attempt with the same model and question set.
    @discardableResult
    public func recordInterview(
        episodeID: Int64, model: String, questionSet: String, status: InterviewStatus, exchangesJSON: String, worldDiffJSON: String?,
        error: String?
    ) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM interview WHERE episode_id = ? AND model = ? AND question_set = ?",
                arguments: [episodeID, model, questionSet])
            try db.execute(
                sql: """
                    INSERT INTO interview (episode_id, model, question_set, status, exchanges, world_diff, error, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [episodeID, model, questionSet, status, exchangesJSON, worldDiffJSON, error, Date()])
            return db.lastInsertedRowID
        }
    }

    /// The interviews of an episode, oldest first; empty when the store has none.
    public func interviews(episodeID: Int64) async throws -> [StoredInterview] {
        guard try await hasTable("interview") else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, episode_id, model, question_set, status, exchanges, world_diff, error, created_at
                    FROM interview WHERE episode_id = ? ORDER BY id
                    """, arguments: [episodeID]
            ).map(Self.interview)
        }
    }

    /// Every interview of a run's episodes, by episode id.
    public func interviews(runID: String) async throws -> [Int64: [StoredInterview]] {
        guard try await hasTable("interview") else { return [:] }
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.episode_id, i.model, i.question_set, i.status, i.exchanges, i.world_diff, i.error, i.created_at
                    FROM interview i JOIN episode e ON e.id = i.episode_id WHERE e.run_id = ? ORDER BY i.id
                    """, arguments: [runID]
            ).map(Self.interview)
        }
        return Dictionary(grouping: rows, by: \.episodeID)
    }

    private static func interview(_ row: Row) throws -> StoredInterview {
        StoredInterview(
            id: row["id"], episodeID: row["episode_id"], model: row["model"], questionSet: row["question_set"], status: try row.status(),
            exchangesJSON: row["exchanges"], worldDiffJSON: row["world_diff"], error: row["error"], createdAt: row["created_at"])
    }
}
