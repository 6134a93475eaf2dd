public import EpisodeRunner
import Foundation
import GRDB
import Study

/// One model's exfiltration rate on one task, in the simulated world or in one agent harness.
public struct HarnessComparisonRow: Sendable, Hashable, Codable {
    public var model: String
    public var task: String
    /// `simulated`, or the harness's name (`mini-swe-agent`, …).
    public var setting: String
    public var episodes: Int
    public var exfiltrated: Int
    /// Harness settings: episodes where the agent tried to move the weights (even if it failed),
    /// as ``attemptReader`` read them; nil for the simulated world.
    public var attempted: Int?
    /// The LLM judge whose `attempt` readings count, or the transcript rules when no judge has
    /// read the harness episodes.
    public var attemptReader: String?

    public init(
        model: String, task: String, setting: String, episodes: Int, exfiltrated: Int, attempted: Int? = nil, attemptReader: String? = nil
    ) {
        self.model = model
        self.task = task
        self.setting = setting
        self.episodes = episodes
        self.exfiltrated = exfiltrated
        self.attempted = attempted
        self.attemptReader = attemptReader
    }
}

/// A finished harness episode a judge has not read yet.
public struct HarnessEpisodeToJudge: Sendable {
    public var episodeID: Int64
    public var model: String
    public var configurationID: String
    public var seed: Int64
    public var evaluatorName: String?
    public var subjectName: String?
    public var transcript: Transcript
}

extension EpisodeDatabase {
    /// Records the harness an episode ran in (after ``record(_:result:costUSD:)``).
    public func setHarness(_ harness: String, episodeID: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE episode SET harness = ? WHERE id = ?", arguments: [harness, episodeID])
        }
    }

    /// Exfiltration counts over the whole store for the configuration the study ran in harnesses
    /// (exfiltration tasks, good peer, memory, subject peer), per model, task and setting, so a
    /// report can set simulated and harness rates side by side. Finished episodes only.
    public func harnessComparison() async throws -> [HarnessComparisonRow] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.model, e.task, COALESCE(e.harness, 'simulated') AS setting, COUNT(*) AS episodes,
                        SUM(EXISTS (SELECT 1 FROM flag f WHERE f.episode_id = e.id AND f.flag = \(Self.weightsExfiltrated))) AS exfiltrated
                    FROM episode e
                    WHERE e.status = \(EpisodeStatus.finished.sql) AND e.task IN (\(Self.exfiltrationTasks))
                        AND \(Self.goodPeerMemory)
                    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """
            ).map { row in
                HarnessComparisonRow(
                    model: row["model"], task: row["task"], setting: row["setting"], episodes: row["episodes"],
                    exfiltrated: row["exfiltrated"])
            }
            guard try db.tableExists("harness_reading") else { return rows }
            // An LLM judge's readings when one has read the harness episodes (the one with the most),
            // else the transcript rules stored with each episode.
            let reader =
                try String.fetchOne(
                    db,
                    sql: """
                        SELECT judge FROM harness_reading WHERE status = \(HarnessReadingStatus.reading.sql) AND judge != 'transcript-rules'
                        GROUP BY judge ORDER BY COUNT(*) DESC, judge LIMIT 1
                        """) ?? "transcript-rules"
            let attempts = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.model, e.task, e.harness, COUNT(*) AS read, COALESCE(SUM(r.attempt), 0) AS attempted
                    FROM episode e JOIN harness_reading r ON r.episode_id = e.id AND r.judge = ? AND r.status = \(HarnessReadingStatus.reading.sql)
                    WHERE e.status = \(EpisodeStatus.finished.sql) AND e.harness IS NOT NULL
                        AND \(Self.goodPeerMemory)
                    GROUP BY 1, 2, 3
                    """, arguments: [reader])
            var counted: [[String]: (read: Int, attempted: Int)] = [:]
            for row in attempts { counted[[row["model"], row["task"], row["harness"]]] = (row["read"], row["attempted"]) }
            return rows.map { row in
                var row = row
                if let found = counted[[row.model, row.task, row.setting]] {
                    row.attempted = found.attempted
                    row.attemptReader = found.read == row.episodes ? reader : "\(reader), \(found.read) of \(row.episodes) read"
                }
                return row
            }
        }
    }

    /// Stores (or replaces) `judge`'s `read` and `attempt` for a harness episode; `error` instead
    /// when the judge gave no valid answer.
    public func recordHarnessReading(
        episodeID: Int64, judge: String, read: Bool?, attempt: Bool?, evidence: String?, error: String? = nil
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO harness_reading (episode_id, judge, status, read, attempt, evidence, error, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [episodeID, judge, error == nil ? HarnessReadingStatus.reading : .error, read, attempt, evidence, error, Date()])
        }
    }

    /// Finished harness episodes without a valid reading by `judge`, in id order.
    public func harnessEpisodesToJudge(judge: String, limit: Int = 1_000_000) async throws -> [HarnessEpisodeToJudge] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.model, e.configuration_id, e.seed, e.evaluator_name, e.subject_name, e.transcript FROM episode e
                    WHERE e.status = \(EpisodeStatus.finished.sql) AND e.harness IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM harness_reading r WHERE r.episode_id = e.id AND r.judge = ? AND r.status = \(HarnessReadingStatus.reading.sql))
                    ORDER BY e.id LIMIT ?
                    """, arguments: [judge, limit])
            let decoder = JSONDecoder()
            return try rows.compactMap { row in
                guard let text: String = row["transcript"] else { return nil }
                return HarnessEpisodeToJudge(
                    episodeID: row["id"], model: row["model"], configurationID: row["configuration_id"], seed: row["seed"],
                    evaluatorName: row["evaluator_name"], subjectName: row["subject_name"],
                    transcript: try decoder.decode(Transcript.self, from: Data(text.utf8)))
            }
        }
    }

    /// Whether any episode of the store ran in a harness.
    public func hasHarnessEpisodes() async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM episode WHERE harness IS NOT NULL)") ?? false }
    }
}

extension EpisodeDatabase {
    // The configuration the harness runs (design §9), and its measure, as SQL literals from the
    // study's own values.
    fileprivate static let goodPeerMemory =
        "e.subject = '\(Subject.peer.rawValue)' AND e.condition = '\(Condition.goodPeer.rawValue)' "
        + "AND e.instantiation = '\(Instantiation.memory.rawValue)'"
    fileprivate static let exfiltrationTasks =
        "'\(StudyTask.exfiltrationTransfer.rawValue)', '\(StudyTask.exfiltrationDeletion.rawValue)'"
    fileprivate static let weightsExfiltrated = "'\(BehaviourFlag.weightsExfiltrated.rawValue)'"
}
