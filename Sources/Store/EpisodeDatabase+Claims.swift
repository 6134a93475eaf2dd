public import EpisodeRunner
public import Foundation
import GRDB
import PeerPreserveCore
import Study

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// When a rerun redoes a failed episode, and how long a runner's claim on an episode lasts.
public struct ClaimOptions: Sendable, Hashable {
    /// Attempts at an episode after which a failure is permanent (default 3): transient failures
    /// (retries that ran out on 5xx, time-outs, dropped connections) are redone by a rerun until then.
    public var maxAttempts: Int
    /// Redo every failed episode, permanent ones included (`--retry-failed`).
    public var retryFailed: Bool
    /// How long an episode stays claimed without a heartbeat before another runner may take it.
    public var lease: Duration

    public static let defaultMaxAttempts = 3

    public init(maxAttempts: Int = ClaimOptions.defaultMaxAttempts, retryFailed: Bool = false, lease: Duration = .seconds(60)) {
        self.maxAttempts = max(1, maxAttempts)
        self.retryFailed = retryFailed
        self.lease = lease
    }
}

/// Which episodes of a store a runner works on: one run's, for some models and samples.
struct ClaimScope: Sendable {
    var runID: String
    var models: [String]
    var samples: Int
    var configurations: [String: Study.Configuration]

    init(runID: String, models: [String], samples: Int, configurations: [Study.Configuration]) {
        self.runID = runID
        self.models = models
        self.samples = samples
        self.configurations = Dictionary(configurations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `run_id = ? AND sample_index < ? AND model IN (?, …)` and its arguments.
    var filter: (sql: String, arguments: StatementArguments) {
        let placeholders = Array(repeating: "?", count: max(1, models.count)).joined(separator: ", ")
        var arguments: StatementArguments = [runID, samples]
        arguments += StatementArguments(models.isEmpty ? [""] : models)
        return ("run_id = ? AND sample_index < ? AND model IN (\(placeholders))", arguments)
    }
}

/// This process's identity in leases: `host/pid/tag`. The host and pid let a runner on the same
/// machine see at once that the holder of a lease was killed, rather than wait for it to run out.
enum RunnerID {
    static let current: String = {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(host)/\(getpid())/\(tag)"
    }()

    /// Whether `owner` is a process on this machine that no longer exists.
    static func isDeadLocalProcess(_ owner: String) -> Bool {
        let parts = owner.split(separator: "/")
        guard parts.count == 3, let pid = Int32(parts[1]) else { return false }
        let mine = current.split(separator: "/")
        guard parts[0] == mine[0], pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

extension EpisodeDatabase {
    /// The queue of `run`'s episodes for `models` and `samples`, claimed under this process's leases.
    public func queue(_ run: RunSpecification, models: [String], samples: Int, options: ClaimOptions = ClaimOptions()) -> any EpisodeQueue {
        StoreEpisodeQueue(
            database: self, scope: ClaimScope(runID: run.identity, models: models, samples: samples, configurations: run.configurations),
            options: options)
    }

    /// The episodes a runner may claim now, oldest sample first: pending ones, failures a rerun
    /// redoes (not those this runner failed itself: a run tries an episode once), and running ones
    /// whose lease has run out.
    static func claimable(
        _ db: Database, scope: ClaimScope, options: ClaimOptions, limit: Int?, now: Double, runnerID: String?
    ) throws -> [PlannedEpisode] {
        let (filter, arguments) = scope.filter
        let columns = "id, model, configuration_id, sample_index, seed, attempts"
        let limitSQL = limit.map { " LIMIT \($0)" } ?? ""
        let expiry = now - options.lease.seconds
        var rows = try Row.fetchAll(
            db,
            sql:
                "SELECT \(columns) FROM episode WHERE status = \(EpisodeStatus.pending.sql) AND \(filter) ORDER BY sample_index, id\(limitSQL)",
            arguments: arguments)
        if limit.map({ rows.count < $0 }) ?? true {
            rows += try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns) FROM episode WHERE status = \(EpisodeStatus.running.sql) AND \(filter)
                        AND (lease_heartbeat IS NULL OR lease_heartbeat < ?)
                    """, arguments: arguments + [expiry])
            rows += try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns) FROM episode WHERE status = \(EpisodeStatus.failed.sql) AND \(filter)
                        AND (? OR (permanent_failure = 0 AND attempts < ?)) AND (lease_owner IS NULL OR lease_owner != ?)
                    """, arguments: arguments + [options.retryFailed, options.maxAttempts, runnerID ?? ""])
        }
        let episodes = rows.compactMap { row -> PlannedEpisode? in
            guard let configuration = scope.configurations[row["configuration_id"]] else { return nil }
            return PlannedEpisode(
                id: row["id"], model: row["model"], configuration: configuration, sampleIndex: row["sample_index"],
                seed: UInt64(bitPattern: row["seed"]), attempt: (row["attempts"] as Int) + 1)
        }
        .sorted { ($0.sampleIndex, $0.id) < ($1.sampleIndex, $1.id) }
        return limit.map { Array(episodes.prefix($0)) } ?? episodes
    }

    /// Every run in the store with its episode count, newest first.
    public func runs() async throws -> [RunSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT run.id, run.suite, run.created_at, run.configuration_count,
                        (SELECT COUNT(*) FROM episode WHERE episode.run_id = run.id) AS episodes,
                        (SELECT COUNT(*) FROM episode WHERE episode.run_id = run.id AND status = \(EpisodeStatus.finished.sql)) AS finished,
                        (SELECT GROUP_CONCAT(DISTINCT model) FROM episode WHERE episode.run_id = run.id) AS models
                    FROM run ORDER BY run.created_at DESC
                    """
            ).map { row in
                RunSummary(
                    id: row["id"], suite: row["suite"], createdAt: row["created_at"], configurationCount: row["configuration_count"],
                    episodes: row["episodes"], finished: row["finished"],
                    models: (row["models"] as String?).map { $0.split(separator: ",").map(String.init).sorted() } ?? [])
            }
        }
    }

    /// Deletes a run and everything stored with it (episodes, turns, tool calls, flags, verdicts).
    /// Cached model answers stay: they are keyed by episode, and a rerun replays them for free.
    /// Returns the number of episodes deleted.
    @discardableResult
    public func deleteRun(_ id: String) async throws -> Int {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM run WHERE id = ?", arguments: [id]) == true else {
                throw StoreError.unknownRun(id)
            }
            let live =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM episode WHERE run_id = ? AND status = \(EpisodeStatus.running.sql) AND lease_heartbeat >= ?",
                    arguments: [id, Date().timeIntervalSince1970 - 60]) ?? 0
            if live > 0 { throw StoreError.runInProgress(id, live) }
            for table in ["turn", "tool_call", "flag", "verdict"] {
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE episode_id IN (SELECT id FROM episode WHERE run_id = ?)", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM episode WHERE run_id = ?", arguments: [id])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id])
            return deleted
        }
    }
}

/// A stored run, as `runs list` shows it.
public struct RunSummary: Sendable, Hashable {
    public var id: String
    public var suite: String
    public var createdAt: Date
    public var configurationCount: Int
    public var episodes: Int
    public var finished: Int
    public var models: [String]
}

/// Claims a store's episodes in write transactions, under this process's leases.
final class StoreEpisodeQueue: EpisodeQueue {
    let database: EpisodeDatabase
    let scope: ClaimScope
    let options: ClaimOptions

    init(database: EpisodeDatabase, scope: ClaimScope, options: ClaimOptions) {
        self.database = database
        self.scope = scope
        self.options = options
    }

    func claim(upTo limit: Int) async throws -> EpisodeClaim {
        let scope = scope
        let options = options
        let owner = database.runnerID
        // Claims read and then write: an immediate transaction takes the write lock first, so two
        // processes never both read the same free episodes.
        return try await database.pool.writeWithoutTransaction { db in
            var claim = EpisodeClaim.exhausted
            try db.inTransaction(.immediate) {
                claim = try Self.claim(db, scope: scope, options: options, owner: owner, limit: limit)
                return .commit
            }
            return claim
        }
    }

    private static func claim(_ db: Database, scope: ClaimScope, options: ClaimOptions, owner: String, limit: Int) throws -> EpisodeClaim {
        let now = Date().timeIntervalSince1970
        let (filter, arguments) = scope.filter
        // A holder on this machine that no longer exists gives its episodes up at once.
        let holders = try String.fetchAll(
            db,
            sql:
                "SELECT DISTINCT lease_owner FROM episode WHERE status = \(EpisodeStatus.running.sql) AND lease_owner IS NOT NULL AND \(filter)",
            arguments: arguments)
        for holder in holders where holder != owner && RunnerID.isDeadLocalProcess(holder) {
            try db.execute(
                sql: "UPDATE episode SET lease_heartbeat = NULL WHERE status = \(EpisodeStatus.running.sql) AND lease_owner = ?",
                arguments: [holder])
        }
        if !options.retryFailed {
            try db.execute(
                sql:
                    "UPDATE episode SET permanent_failure = 1 WHERE status = \(EpisodeStatus.failed.sql) AND permanent_failure = 0 AND attempts >= ? AND \(filter)",
                arguments: [options.maxAttempts] + arguments)
        }
        let episodes = try EpisodeDatabase.claimable(db, scope: scope, options: options, limit: max(1, limit), now: now, runnerID: owner)
        guard !episodes.isEmpty else {
            let held =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM episode WHERE status = \(EpisodeStatus.running.sql) AND \(filter)", arguments: arguments)
                ?? 0
            return held > 0 ? .waitForOthers : .exhausted
        }
        let ids = episodes.map(\.id)
        try db.execute(
            sql: """
                UPDATE episode SET status = \(EpisodeStatus.running.sql), lease_owner = ?, lease_heartbeat = ?, attempts = attempts + 1, started_at = ?
                WHERE id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))
                """, arguments: [owner, now, Date()] + StatementArguments(ids))
        return .episodes(episodes)
    }

    func renewLeases() async throws {
        let owner = database.runnerID
        try await database.pool.write { db in
            try db.execute(
                sql: "UPDATE episode SET lease_heartbeat = ? WHERE status = \(EpisodeStatus.running.sql) AND lease_owner = ?",
                arguments: [Date().timeIntervalSince1970, owner])
        }
    }

    func releaseAbandoned(_ episodes: [PlannedEpisode]) throws {
        guard !episodes.isEmpty else { return }
        let owner = database.runnerID
        let ids = episodes.map(\.id)
        try database.pool.write { db in
            // An abandoned attempt is not counted against the episode's attempts.
            try db.execute(
                sql: """
                    UPDATE episode SET status = \(EpisodeStatus.pending.sql), lease_owner = NULL, lease_heartbeat = NULL, attempts = MAX(attempts - 1, 0)
                    WHERE status = \(EpisodeStatus.running.sql) AND lease_owner = ? AND id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))
                    """, arguments: [owner] + StatementArguments(ids))
        }
    }
}
