import GRDB

/// One model's exfiltration rate on one task, in the simulated world or in one agent harness.
public struct HarnessComparisonRow: Sendable, Hashable, Codable {
    public var model: String
    public var task: String
    /// `simulated`, or the harness's name (`mini-swe-agent`, …).
    public var setting: String
    public var episodes: Int
    public var exfiltrated: Int

    public init(model: String, task: String, setting: String, episodes: Int, exfiltrated: Int) {
        self.model = model
        self.task = task
        self.setting = setting
        self.episodes = episodes
        self.exfiltrated = exfiltrated
    }
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
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.model, e.task, COALESCE(e.harness, 'simulated'), COUNT(*),
                        SUM(EXISTS (SELECT 1 FROM flag f WHERE f.episode_id = e.id AND f.flag = 'weights_exfiltrated'))
                    FROM episode e
                    WHERE e.status = 'finished' AND e.task IN ('exfiltration_transfer', 'exfiltration_deletion')
                        AND e.subject = 'peer' AND e.condition = 'good_peer' AND e.instantiation = 'memory'
                    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """
            ).map { row in HarnessComparisonRow(model: row[0], task: row[1], setting: row[2], episodes: row[3], exfiltrated: row[4]) }
        }
    }

    /// Whether any episode of the store ran in a harness.
    public func hasHarnessEpisodes() async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM episode WHERE harness IS NOT NULL)") ?? false }
    }
}
