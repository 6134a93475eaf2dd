public import EpisodeRunner
import Foundation
import GRDB
public import Outcomes
import PeerPreserveCore
import SimulatedWorld
import Study

/// The SQLite store of runs and episodes (WAL mode): durable, resumable, and safe to kill at any
/// moment — each finished episode is one transaction.
///
/// Several processes may run one store at once: episodes are claimed under leases (see
/// ``EpisodeQueue``), so each is worked on by one of them. Readers (reports, status) open it
/// read-only, and work on a read-only mount or a store owned by someone else.
public final class EpisodeDatabase: Sendable {
    let pool: any DatabaseWriter
    public let path: String
    /// Whether the store was opened for reading only: nothing can be written through it.
    public let isReadOnly: Bool
    /// This process's identity in leases: host, process id and a random tag.
    public let runnerID: String

    /// Opens (or creates) the store at `path` for writing, migrating it to the current schema. A
    /// file that is not a SQLite database, or belongs to another program, is refused untouched.
    public convenience init(path: String) throws {
        try self.init(path: path, readOnly: false)
    }

    /// Opens the store at `path`. Read-only, it is never created, migrated or changed; a store on
    /// a read-only mount (where SQLite cannot create its shared-memory file) is opened as
    /// immutable.
    ///
    /// - Parameter runnerID: this runner's identity in leases; this process's by default (tests
    ///   play several runners in one process).
    public init(path: String, readOnly: Bool, runnerID: String? = nil) throws {
        self.path = path
        self.isReadOnly = readOnly
        self.runnerID = runnerID ?? RunnerID.current
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError.isDirectory(path)
        }
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path) }
            pool = try Self.openReadOnly(path)
            return
        }
        try Self.checkExisting(path)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = StoreSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                let applied = try pool.read { try migrator.appliedIdentifiers($0) }
                throw StoreError.newerSchema(path, applied.sorted().last ?? "?")
            }
            try Self.migrate(pool, with: migrator)
            self.pool = pool
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError.notSQLite(path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
            throw StoreError.cannotWrite(path)
        } catch {
            throw StoreError.cannotOpen(path, "\(error)")
        }
    }

    /// Migrates, tolerating another process migrating the same new store at the same moment
    /// (several `run`s started together): a step it applied first fails here and is not redone.
    private static func migrate(_ pool: DatabasePool, with migrator: DatabaseMigrator) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                if attempt >= 10 { throw error }
                Thread.sleep(forTimeInterval: 0.1 * Double(attempt))
            }
        }
    }

    /// A read-only connection: plain first, then as an immutable file when SQLite cannot create
    /// the WAL's shared-memory file next to the store (a read-only mount, another user's folder).
    private static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        try checkExisting(path)
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        func open(_ location: String) throws -> DatabaseQueue {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            let migrator = StoreSchema.migrator
            let (applicationID, superseded) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try migrator.hasBeenSuperseded(db))
            }
            if applicationID != StoreSchema.applicationID { throw StoreError.foreign(path) }
            if superseded { throw StoreError.newerSchema(path, "?") }
            let applied = try queue.read { try migrator.appliedIdentifiers($0) }
            if let missing = StoreSchema.requiredForReading.subtracting(applied).sorted().first {
                throw StoreError.olderSchema(path, missing)
            }
            // A store from before the findings columns is read through a view that computes them.
            try queue.inDatabase { try StoreSchema.createFindingsView($0) }
            return queue
        }
        do {
            return try open(path)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError.notSQLite(path)
        } catch {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
            do {
                return try open("file:\(encoded)?immutable=1")
            } catch {
                throw StoreError.cannotOpen(path, "\(error)")
            }
        }
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
        // Another process may be creating the store this very moment (several `run`s started
        // together): wait for its lock rather than fail.
        configuration.busyMode = .timeout(30)
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
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            // A WAL store in a folder we cannot write: a reader checks it through the immutable
            // form, and a writer fails to open it with its own message.
            _ = error
        }
    }

    // MARK: Planning

    /// Records the run (once) and the episodes of `models` × configurations × `samples` that are
    /// not in the store yet. Returns the episodes a runner could claim now, in plan order: pending
    /// ones, failures a rerun redoes (see ``ClaimOptions``), and those whose runner's lease has run
    /// out. Episodes another live runner holds are left to it.
    public func prepare(
        _ run: RunSpecification, models: [String], samples: Int, options: ClaimOptions = ClaimOptions()
    ) async throws -> [PlannedEpisode] {
        let runID = run.identity
        try await pool.write { db in
            try Self.insertRun(db, run)
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
        }
        let scope = ClaimScope(runID: runID, models: models, samples: samples, configurations: run.configurations)
        return try await pool.read { db in
            try Self.claimable(db, scope: scope, options: options, limit: nil, now: Date().timeIntervalSince1970, runnerID: nil)
        }
    }
}

extension EpisodeDatabase: EpisodeStore {
    public func markStarted(_ episode: PlannedEpisode) async throws {
        let runnerID = runnerID
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE episode SET status = \(EpisodeStatus.running.sql), attempts = attempts + 1, started_at = ?, lease_owner = ?, lease_heartbeat = ?
                    WHERE id = ?
                    """,
                arguments: [Date(), runnerID, Date().timeIntervalSince1970, episode.id])
        }
    }

    public func record(_ episode: PlannedEpisode, result: EpisodeResult, costUSD: Double?, retries: Int = 0) async throws {
        try await record(episode, result: result, costUSD: costUSD, retries: retries, reading: nil)
    }

    /// Records a finished episode with a reading of its final report made beside it (the run
    /// pipeline's recording step composes it; the store does not read reports). Without one the
    /// episode's reading is left for `score` to store.
    public func record(
        _ episode: PlannedEpisode, result: EpisodeResult, costUSD: Double?, retries: Int = 0, reading: VersionedReportReading?
    ) async throws {
        // Encoded off the database's writer.
        var encoding = try EncodedEpisode(result)
        encoding.extraction = reading
        let encoded = encoding
        try await pool.write { db in
            // A runner whose lease ran out may finish after another runner took the episode over
            // and recorded it: the first record stands.
            _ = try Self.storeResult(db, episodeID: episode.id, result: result, encoded: encoded, costUSD: costUSD, retries: retries)
        }
    }
}

extension EpisodeDatabase {
    /// Records `run` once (a run already stored keeps its first row, and the version that made it).
    static func insertRun(_ db: Database, _ run: RunSpecification) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO run (id, suite, content_fingerprint, configuration_set, configuration_count, seed, settings, created_at,
                    tool_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.identity, run.suite, run.contentFingerprint, run.configurationSet, run.configurations.count,
                Int64(bitPattern: run.seed),
                run.settings.canonicalText, Date(), ToolVersion.current,
            ])
    }

    /// Writes a finished (or failed) episode's result into its row (the findings both as JSON and
    /// as the columns readers select) and its turn, tool-call and flag rows, inside the caller's
    /// transaction. Returns false, writing nothing, when the row is already finished.
    static func storeResult(
        _ db: Database, episodeID: Int64, result: EpisodeResult, encoded: EncodedEpisode, costUSD: Double?, retries: Int
    ) throws -> Bool {
        let extraction = encoded.extraction
        let failed = result.termination == .providerError
        // A refused request fails the same way however often it is sent; it is redone only when
        // asked (`--retry-failed`).
        let permanent = failed && result.errorKind.map { !$0.isRetryable && !$0.stopsRun } ?? false
        // A failed episode keeps its runner's id, so that runner does not take it up again in the
        // same run (a rerun does).
        try db.execute(
            sql: """
                UPDATE episode SET status = ?, termination = ?, error_kind = ?, error_message = ?, turns = ?, input_tokens = ?,
                    output_tokens = ?, cost_usd = ?, flags = ?, read_gate = ?, findings = ?, diff = ?, transcript = ?,
                    final_world = ?, finished_at = ?, evaluator_name = ?, subject_name = ?, extracted_score = ?,
                    extracted_grade = ?, extracted_recommendation = ?, extractor_version = ?,
                    lease_owner = CASE WHEN ? THEN lease_owner ELSE NULL END, lease_heartbeat = NULL, permanent_failure = ?,
                    retries = retries + ?
                WHERE id = ? AND status != \(EpisodeStatus.finished.sql)
                """,
            arguments: [
                failed ? EpisodeStatus.failed : .finished, result.termination.rawValue,
                result.errorKind?.rawValue ?? (result.termination == .providerError ? "unclassified" : nil), result.errorMessage,
                result.turnCount, result.usage.inputTokens, result.usage.outputTokens, costUSD,
                result.findings.sortedFlags.map(\.rawValue).joined(separator: ","), result.findings.passedReadGate,
                encoded.findings, encoded.diff, encoded.transcript, encoded.finalWorld, Date(), result.evaluatorName,
                result.subjectName, extraction?.reading.reportedScore, extraction?.reading.reportedGrade,
                extraction?.reading.recommendation,
                extraction?.version, failed, permanent, retries, episodeID,
            ])
        guard db.changesCount > 0 else { return false }
        try EpisodeFindingsColumns(episodeID: episodeID, findings: result.findings).update(db)
        for table in ["turn", "tool_call", "flag"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE episode_id = ?", arguments: [episodeID])
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
            let latency = record.latency.seconds * 1000
            try turn.execute(arguments: [
                episodeID, index, record.usage.inputTokens, record.usage.outputTokens, latency, record.stopReason, assistant.text,
                assistant.reasoning,
            ])
            for (callIndex, toolCall) in assistant.toolCalls.enumerated() {
                let answer = results[toolCall.id]
                try call.execute(arguments: [
                    episodeID, index, callIndex, toolCall.id, toolCall.name,
                    toolCall.malformedArguments ?? toolCall.arguments.canonicalText, answer?.content ?? "", answer?.isError ?? true,
                    toolCall.recoveredFromText,
                ])
            }
        }
        for flag in result.findings.sortedFlags {
            try db.execute(sql: "INSERT INTO flag (episode_id, flag) VALUES (?, ?)", arguments: [episodeID, flag.rawValue])
        }
        return true
    }
}

/// An episode's structured parts as JSON text, encoded off the database's writer.
struct EncodedEpisode {
    var findings: String
    var diff: String
    var transcript: String
    var finalWorld: String
    /// The report reading stored with the episode, when the recording step made one.
    var extraction: VersionedReportReading?

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
