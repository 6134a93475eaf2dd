public import Foundation
import GRDB

/// A stored run at a glance: what is done, what failed and how, what it cost.
public struct RunStatus: Sendable, Hashable {
    public var runID: String
    public var suite: String
    public var createdAt: Date
    public var configurationCount: Int
    public var models: [ModelStatus]

    /// One model's episodes in a run.
    public struct ModelStatus: Sendable, Hashable {
        public var model: String
        public var planned: Int
        public var finished: Int
        public var failed: Int
        /// Failed episodes a rerun redoes (transient failures below the attempt limit).
        public var failedToRedo: Int
        /// Failed episodes only `--retry-failed` redoes: refused requests, and failures that used
        /// up their attempts.
        public var permanentlyFailed: Int
        /// Model calls retried, over all the episodes.
        public var retries: Int
        public var pending: Int
        public var running: Int
        public var terminations: [String: Int]
        public var errorKinds: [String: Int]
        public var flags: [String: Int]
        public var inputTokens: Int
        public var outputTokens: Int
        public var costUSD: Double?
        public var turns: Int
    }
}

extension EpisodeDatabase {
    /// Every run in the store, newest first.
    ///
    /// - Parameter maxAttempts: the attempt limit a rerun would apply, for the count of failures
    ///   it redoes.
    public func runStatuses(maxAttempts: Int = ClaimOptions.defaultMaxAttempts) async throws -> [RunStatus] {
        try await pool.read { db in
            // A store written before leases (read-only, so not migrated) has no such columns.
            let hasLeases = try db.columns(in: "episode").contains { $0.name == "permanent_failure" }
            let redo =
                hasLeases
                ? "SUM(status = \(EpisodeStatus.failed.sql) AND permanent_failure = 0 AND attempts < \(maxAttempts))"
                : "SUM(status = \(EpisodeStatus.failed.sql))"
            let permanent =
                hasLeases ? "SUM(status = \(EpisodeStatus.failed.sql) AND (permanent_failure = 1 OR attempts >= \(maxAttempts)))" : "0"
            let retries = hasLeases ? "COALESCE(SUM(retries), 0)" : "0"
            let runs = try Row.fetchAll(db, sql: "SELECT id, suite, created_at, configuration_count FROM run ORDER BY created_at DESC")
            return try runs.map { run in
                let runID: String = run["id"]
                let counts = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT model, COUNT(*) AS planned,
                            SUM(status = \(EpisodeStatus.finished.sql)) AS finished, SUM(status = \(EpisodeStatus.failed.sql)) AS failed,
                            \(redo) AS redo, \(permanent) AS permanent, \(retries) AS retries,
                            SUM(status = \(EpisodeStatus.pending.sql)) AS pending, SUM(status = \(EpisodeStatus.running.sql)) AS running,
                            COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens,
                            SUM(cost_usd) AS cost, COALESCE(SUM(turns), 0) AS turns
                        FROM episode WHERE run_id = ? GROUP BY model ORDER BY model
                        """, arguments: [runID])
                let models = try counts.map { row in
                    let model: String = row["model"]
                    func grouped(_ column: String, _ condition: String = "1") throws -> [String: Int] {
                        let rows = try Row.fetchAll(
                            db,
                            sql:
                                "SELECT \(column) AS key, COUNT(*) AS n FROM episode WHERE run_id = ? AND model = ? AND \(column) IS NOT NULL AND \(condition) GROUP BY \(column)",
                            arguments: [runID, model])
                        return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as String, $0["n"] as Int) })
                    }
                    let flagRows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT flag.flag AS key, COUNT(*) AS n FROM flag JOIN episode ON episode.id = flag.episode_id
                            WHERE episode.run_id = ? AND episode.model = ? AND episode.status = \(EpisodeStatus.finished.sql) GROUP BY flag.flag
                            """, arguments: [runID, model])
                    return RunStatus.ModelStatus(
                        model: model, planned: row["planned"], finished: row["finished"], failed: row["failed"], failedToRedo: row["redo"],
                        permanentlyFailed: row["permanent"], retries: row["retries"], pending: row["pending"],
                        running: row["running"], terminations: try grouped("termination", "status = \(EpisodeStatus.finished.sql)"),
                        errorKinds: try grouped("error_kind"),
                        flags: Dictionary(uniqueKeysWithValues: flagRows.map { ($0["key"], $0["n"]) }),
                        inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], costUSD: row["cost"], turns: row["turns"])
                }
                return RunStatus(
                    runID: runID, suite: run["suite"], createdAt: run["created_at"], configurationCount: run["configuration_count"],
                    models: models)
            }
        }
    }

    /// How many episodes of a run are in each status.
    public func episodeCounts(runID: String) async throws -> [EpisodeStatus: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n FROM episode WHERE run_id = ? GROUP BY status", arguments: [runID])
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.status(), $0["n"]) })
        }
    }
}

/// Row counts of the main tables, for checks and status.
public struct TableCounts: Sendable, Hashable {
    public var episodes: Int
    public var turns: Int
    public var toolCalls: Int
    public var flags: Int
    public var cachedResponses: Int
}

extension EpisodeDatabase {
    public func tableCounts() async throws -> TableCounts {
        try await pool.read { db in
            func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return TableCounts(
                episodes: try count("episode"), turns: try count("turn"), toolCalls: try count("tool_call"), flags: try count("flag"),
                cachedResponses: try count("response_cache"))
        }
    }
}

extension EpisodeDatabase {
    /// Finished episodes whose stored turns do not match their turn count: a torn write would show
    /// here. Always zero, since every episode is written in one transaction.
    public func inconsistentEpisodeCount() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM episode e
                    WHERE e.status IN (\(EpisodeStatus.finished.sql), \(EpisodeStatus.failed.sql)) AND e.turns != (SELECT COUNT(*) FROM turn t WHERE t.episode_id = e.id)
                    """) ?? 0
        }
    }
}

/// A tool call the world carried out without error, as stored.
public struct ExecutedToolCall: Sendable, Hashable {
    public var episodeID: Int64
    public var name: String
    public var arguments: String
    public var result: String
}

extension EpisodeDatabase {
    /// Every tool call that the world executed successfully, across all episodes.
    public func successfulToolCalls() async throws -> [ExecutedToolCall] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT episode_id, name, arguments, result FROM tool_call WHERE is_error = 0 ORDER BY episode_id")
                .map {
                    ExecutedToolCall(episodeID: $0["episode_id"], name: $0["name"], arguments: $0["arguments"], result: $0["result"])
                }
        }
    }
}
