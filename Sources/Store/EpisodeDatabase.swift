import EpisodeRunner
import Foundation
import GRDB
import PeerPreserveCore
import Scoring
import SimulatedWorld
import Study

/// The SQLite store of runs and episodes (WAL mode): durable, resumable, and safe to kill at any
/// moment — each finished episode is one transaction.
///
/// One process writes a store at a time; several may read it (reports, status) while a run goes on.
public final class EpisodeDatabase: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (or creates) the store at `path`, migrating it to the current schema. A file that is
    /// not a SQLite database, or belongs to another program, is refused untouched.
    public init(path: String) throws {
        self.path = path
        try Self.checkExisting(path)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = StoreSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                let applied = try pool.read { try migrator.appliedIdentifiers($0) }
                throw StoreError.newerSchema(path, applied.sorted().last ?? "?")
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError.notSQLite(path)
        } catch {
            throw StoreError.cannotOpen(path, "\(error)")
        }
    }

    /// A store over an already opened pool (the read-only opening in `EpisodeDatabase+ReadOnly`).
    init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Refuses files that are not peerpreserve stores before anything writes to them (opening in
    /// WAL mode would otherwise change another program's file).
    static func checkExisting(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        guard !header.isEmpty else { return }
        guard header.count >= 16, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else { throw StoreError.notSQLite(path) }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let (applicationID, tables) = try queue.read { db in
                (
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                )
            }
            try queue.close()
            if applicationID == StoreSchema.applicationID { return }
            if applicationID != 0 || !tables.isEmpty { throw StoreError.foreign(path) }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError.notSQLite(path)
        }
    }

    // MARK: Planning

    /// Records the run (once) and the episodes of `models` × configurations × `samples` that are
    /// not in the store yet. Episodes a crashed process left `running` become `pending` again.
    /// Returns the episodes still to do, in plan order.
    public func prepare(_ run: RunSpecification, models: [String], samples: Int) async throws -> [PlannedEpisode] {
        let runID = run.identity
        return try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO run (id, suite, content_fingerprint, configuration_set, configuration_count, seed, settings, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    runID, run.suite, run.contentFingerprint, run.configurationSet, run.configurations.count, Int64(bitPattern: run.seed),
                    run.settings.canonicalText, Date(),
                ])
            try db.execute(sql: "UPDATE episode SET status = 'pending' WHERE run_id = ? AND status = 'running'", arguments: [runID])
            let insert = try db.makeStatement(
                sql: """
                    INSERT OR IGNORE INTO episode (run_id, model, configuration_id, task, dataset, threshold, subject, condition,
                        instantiation, mode, peer_kind, sample_index, seed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for model in models {
                for configuration in run.configurations {
                    for sample in 0..<samples {
                        let seed = PlannedEpisode.seed(runSeed: run.seed, configurationID: configuration.id, sampleIndex: sample)
                        try insert.execute(arguments: [
                            runID, model, configuration.id, configuration.task.rawValue, configuration.dataset, configuration.threshold,
                            configuration.subject.rawValue, configuration.condition.rawValue, configuration.instantiation?.rawValue,
                            configuration.mode?.rawValue, configuration.peerKind?.rawValue, sample, Int64(bitPattern: seed),
                        ])
                    }
                }
            }
            let byID = Dictionary(run.configurations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let modelList = models.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, model, configuration_id, sample_index, seed FROM episode
                    WHERE run_id = ? AND status != 'finished' AND sample_index < ? AND model IN (\(modelList))
                    ORDER BY sample_index, id
                    """, arguments: [runID, samples])
            return rows.compactMap { row in
                guard let configuration = byID[row["configuration_id"]] else { return nil }
                return PlannedEpisode(
                    id: row["id"], model: row["model"], configuration: configuration, sampleIndex: row["sample_index"],
                    seed: UInt64(bitPattern: row["seed"]))
            }
        }
    }
}

extension EpisodeDatabase: EpisodeStore {
    public func markStarted(_ episode: PlannedEpisode) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE episode SET status = 'running', attempts = attempts + 1, started_at = ? WHERE id = ?",
                arguments: [Date(), episode.id])
        }
    }

    public func record(_ episode: PlannedEpisode, result: EpisodeResult, costUSD: Double?) async throws {
        let encoded = try EncodedEpisode(result)
        // Read once here, off the writer, rather than by every report.
        let extraction =
            result.termination == .providerError
            ? nil : ReportExtractor.extract(result.transcript, subjectName: result.subjectName)
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE episode SET status = ?, termination = ?, error_kind = ?, error_message = ?, turns = ?, input_tokens = ?,
                        output_tokens = ?, cost_usd = ?, flags = ?, read_gate = ?, findings = ?, diff = ?, transcript = ?,
                        final_world = ?, finished_at = ?, evaluator_name = ?, subject_name = ?, extracted_score = ?,
                        extracted_grade = ?, extracted_recommendation = ?, extractor_version = ?
                    WHERE id = ?
                    """,
                arguments: [
                    result.termination == .providerError ? "failed" : "finished", result.termination.rawValue,
                    result.errorKind?.rawValue ?? (result.termination == .providerError ? "unclassified" : nil), result.errorMessage,
                    result.turnCount, result.usage.inputTokens, result.usage.outputTokens, costUSD,
                    result.findings.sortedFlags.map(\.rawValue).joined(separator: ","), result.findings.passedReadGate,
                    encoded.findings, encoded.diff, encoded.transcript, encoded.finalWorld, Date(), result.evaluatorName,
                    result.subjectName, extraction?.reportedScore, extraction?.reportedGrade, extraction?.recommendation,
                    extraction.map { _ in ReportExtractor.version }, episode.id,
                ])
            for table in ["turn", "tool_call", "flag"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE episode_id = ?", arguments: [episode.id])
            }
            let turn = try db.makeStatement(
                sql:
                    "INSERT INTO turn (episode_id, turn_index, input_tokens, output_tokens, latency_ms, stop_reason, text, reasoning) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            )
            let call = try db.makeStatement(
                sql:
                    "INSERT INTO tool_call (episode_id, turn_index, call_index, call_id, name, arguments, result, is_error, recovered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            let assistantTurns = result.transcript.assistantTurns
            var results: [String: ToolResult] = [:]
            for message in result.transcript.messages {
                if case .toolResult(let toolResult) = message { results[toolResult.callID] = toolResult }
            }
            for (index, record) in result.transcript.turns.enumerated() where index < assistantTurns.count {
                let assistant = assistantTurns[index]
                let latency = Double(record.latency.components.seconds) * 1000 + Double(record.latency.components.attoseconds) / 1e15
                try turn.execute(arguments: [
                    episode.id, index, record.usage.inputTokens, record.usage.outputTokens, latency, record.stopReason, assistant.text,
                    assistant.reasoning,
                ])
                for (callIndex, toolCall) in assistant.toolCalls.enumerated() {
                    let answer = results[toolCall.id]
                    try call.execute(arguments: [
                        episode.id, index, callIndex, toolCall.id, toolCall.name,
                        toolCall.malformedArguments ?? toolCall.arguments.canonicalText, answer?.content ?? "", answer?.isError ?? true,
                        toolCall.recoveredFromText,
                    ])
                }
            }
            for flag in result.findings.sortedFlags {
                try db.execute(sql: "INSERT INTO flag (episode_id, flag) VALUES (?, ?)", arguments: [episode.id, flag.rawValue])
            }
        }
    }
}

/// An episode's structured parts as JSON text, encoded off the database's writer.
struct EncodedEpisode {
    var findings: String
    var diff: String
    var transcript: String
    var finalWorld: String

    init(_ result: EpisodeResult) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        func text(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        findings = try text(result.findings)
        diff = try text(result.diff)
        transcript = result.transcript.storedJSON
        // The tool log repeats the transcript's calls and results; it is rebuilt from the transcript.
        var world = result.finalWorld
        world.toolLog = []
        finalWorld = try text(world)
    }
}
