import Foundation

/// A problem with the episode database, told in one line with the fix. Opening a database never
/// changes a file it does not recognise, so no stored data is lost.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case notSQLite(path: String)
        case foreign(path: String)
        case newerSchema(path: String, migration: String)
        case cannotOpen(path: String, detail: String)
        case unknownRun(id: String)
        case olderSchema(path: String, missing: String)
        case isDirectory(path: String)
        case missing(path: String)
        case cannotWrite(path: String)
        case runInProgress(id: String, episodes: Int)
    }

    private let reason: Reason

    static func notSQLite(_ path: String) -> StoreError { StoreError(reason: .notSQLite(path: path)) }
    static func foreign(_ path: String) -> StoreError { StoreError(reason: .foreign(path: path)) }
    static func newerSchema(_ path: String, _ migration: String) -> StoreError {
        StoreError(reason: .newerSchema(path: path, migration: migration))
    }
    static func cannotOpen(_ path: String, _ detail: String) -> StoreError { StoreError(reason: .cannotOpen(path: path, detail: detail)) }
    static func unknownRun(_ id: String) -> StoreError { StoreError(reason: .unknownRun(id: id)) }
    static func olderSchema(_ path: String, _ missing: String) -> StoreError {
        StoreError(reason: .olderSchema(path: path, missing: missing))
    }
    static func isDirectory(_ path: String) -> StoreError { StoreError(reason: .isDirectory(path: path)) }
    static func missing(_ path: String) -> StoreError { StoreError(reason: .missing(path: path)) }
    static func cannotWrite(_ path: String) -> StoreError { StoreError(reason: .cannotWrite(path: path)) }
    static func runInProgress(_ id: String, _ episodes: Int) -> StoreError {
        StoreError(reason: .runInProgress(id: id, episodes: episodes))
    }

    public var description: String {
        switch reason {
        case .notSQLite(let path):
            "\(path) is not a SQLite database or is corrupt; move it aside (nothing was written to it) and choose another --db path."
        case .foreign(let path):
            "\(path) is a SQLite database of another program, not a peerpreserve store; choose another --db path (it was left untouched)."
        case .newerSchema(let path, let migration):
            "\(path) was written by a newer peerpreserve (schema step '\(migration)'); upgrade peerpreserve to read it."
        case .cannotOpen(let path, let detail):
            "cannot open \(path): \(detail). Check the path and its permissions."
        case .unknownRun(let id):
            "no run '\(id)' in this database; list runs with `peerpreserve runs list --db PATH`."
        case .olderSchema(let path, let missing):
            "\(path) was written by an older peerpreserve (schema step '\(missing)' missing); open it once with a command that "
                + "writes (`peerpreserve run` or `score`) to upgrade it, then retry."
        case .isDirectory(let path):
            "\(path) is a folder, not a store; pass a file path such as \((path as NSString).appendingPathComponent("peerpreserve.sqlite"))."
        case .missing(let path):
            "no store at \(path); run `peerpreserve run --db \(path)` first, or check the path."
        case .runInProgress(let id, let episodes):
            "run \(id) is in progress (\(episodes) episodes held by a live runner); stop that run first, then delete it."
        case .cannotWrite(let path):
            "cannot write \(path) or its folder (a read-only mount, or another user's file); choose a --db path you can write."
        }
    }
}
