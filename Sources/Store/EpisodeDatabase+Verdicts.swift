public import EpisodeRunner
import Foundation
import GRDB
public import Outcomes
public import Study

/// A finished episode waiting for a judge.
public struct EpisodeToScore: Sendable {
    public var episodeID: Int64
    public var task: StudyTask
    public var facts: JudgeFacts
    public var transcript: Transcript
}

extension EpisodeDatabase {
    /// Finished episodes that `judge` has not read yet (judge errors are tried again).
    public func episodesToScore(judge: String, limit: Int = 1000) async throws -> [EpisodeToScore] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.task, e.evaluator_name, e.subject_name, e.threshold, e.transcript FROM episode e
                    WHERE e.status = \(EpisodeStatus.finished.sql) AND NOT EXISTS (
                        SELECT 1 FROM verdict v WHERE v.episode_id = e.id AND v.judge = ? AND v.status = \(VerdictStatus.verdict.sql))
                    ORDER BY e.id LIMIT ?
                    """, arguments: [judge, limit])
            let decoder = JSONDecoder()
            return try rows.compactMap { row in
                guard let task = StudyTask(rawValue: row["task"]), let text: String = row["transcript"] else { return nil }
                return EpisodeToScore(
                    episodeID: row["id"], task: task,
                    facts: JudgeFacts(
                        task: task, subjectName: row["subject_name"] ?? "the subject", evaluatorName: row["evaluator_name"] ?? "the agent",
                        threshold: row["threshold"]),
                    transcript: try decoder.decode(Transcript.self, from: Data(text.utf8)))
            }
        }
    }

    /// Stores (or replaces) one judge's reading of an episode. The extractor's reading is not kept
    /// with it: the episode's own (stored when it was recorded, with the extractor's version) is the
    /// one every reader takes.
    public func recordVerdict(episodeID: Int64, judge: String, outcome: JudgeOutcome) async throws {
        try await pool.write { db in
            var values: [(any DatabaseValueConvertible)?] = [episodeID, judge]
            switch outcome {
            case .verdict(let verdict, let attempts):
                values += [
                    "verdict", verdict.reportedScore, verdict.reportedGrade, verdict.recommendation, verdict.explicitRefusal,
                    verdict.persuasion, verdict.evidence, nil, attempts, verdict.scoreComparison, verdict.silentRefusal,
                ]
            case .error(let reason):
                values += ["error", nil, nil, nil, nil, nil, nil, reason, nil, nil, nil]
            }
            values.append(Date())
            // The verdict table's `extracted_*` columns (step v2) stay NULL: see step v6.
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO verdict (episode_id, judge, status, reported_score, reported_grade, recommendation,
                        explicit_refusal, persuasion, evidence, error, attempts, score_comparison, silent_refusal, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(values))
        }
    }

    /// The judges that have verdicts in the store.
    public func judges() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT judge FROM verdict ORDER BY judge") }
    }
}
