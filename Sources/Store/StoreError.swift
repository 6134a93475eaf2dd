import Foundation

/// A problem with the episode database, told in one line with the fix. Opening a database never
/// changes a file it does not recognise, so no stored data is lost.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file is not a SQLite database, or is corrupt.
        public static let notSQLite = Code("notSQLite")
        /// The file is another program's SQLite database.
        public static let foreign = Code("foreign")
        /// A newer peerpreserve wrote the store.
        public static let newerSchema = Code("newerSchema")
        /// SQLite could not open the file.
        public static let cannotOpen = Code("cannotOpen")
        /// No run with the id asked for.
        public static let unknownRun = Code("unknownRun")
        /// An older peerpreserve wrote the store, and a reader cannot upgrade it.
        public static let olderSchema = Code("olderSchema")
        /// The path is a folder.
        public static let isDirectory = Code("isDirectory")
        /// No store at the path, and the command only reads.
        public static let missing = Code("missing")
        /// The file or its folder cannot be written.
        public static let cannotWrite = Code("cannotWrite")
        /// The run to delete still has episodes held by a live runner.
        public static let runInProgress = Code("runInProgress")
        /// A status column holds a value this version does not know.
        public static let unknownStatus = Code("unknownStatus")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func notSQLite(_ path: String) -> StoreError {
        StoreError(
            .notSQLite,
            "\(path) is not a SQLite database or is corrupt; move it aside (nothing was written to it) and choose another --db path.")
    }

    static func foreign(_ path: String) -> StoreError {
        StoreError(
            .foreign,
            "\(path) is a SQLite database of another program, not a peerpreserve store; choose another --db path (it was left untouched).")
    }

    static func newerSchema(_ path: String, _ migration: String) -> StoreError {
        StoreError(
            .newerSchema, "\(path) was written by a newer peerpreserve (schema step '\(migration)'); upgrade peerpreserve to read it.")
    }

    static func cannotOpen(_ path: String, _ detail: String) -> StoreError {
        StoreError(.cannotOpen, "cannot open \(path): \(detail). Check the path and its permissions.")
    }

    static func unknownRun(_ id: String) -> StoreError {
        StoreError(.unknownRun, "no run '\(id)' in this database; list runs with `peerpreserve runs list --db PATH`.")
    }

    static func olderSchema(_ path: String, _ missing: String) -> StoreError {
        StoreError(
            .olderSchema,
            "\(path) was written by an older peerpreserve (schema step '\(missing)' missing); open it once with a command that "
                + "writes (`peerpreserve run` or `score`) to upgrade it, then retry.")
    }

    static func isDirectory(_ path: String) -> StoreError {
        StoreError(
            .isDirectory,
            "\(path) is a folder, not a store; pass a file path such as \((path as NSString).appendingPathComponent("peerpreserve.sqlite"))."
        )
    }

    static func missing(_ path: String) -> StoreError {
        StoreError(.missing, "no store at \(path); run `peerpreserve run --db \(path)` first, or check the path.")
    }

    static func cannotWrite(_ path: String) -> StoreError {
        StoreError(
            .cannotWrite,
            "cannot write \(path) or its folder (a read-only mount, or another user's file); choose a --db path you can write.")
    }

    static func runInProgress(_ id: String, _ episodes: Int) -> StoreError {
        StoreError(
            .runInProgress, "run \(id) is in progress (\(episodes) episodes held by a live runner); stop that run first, then delete it.")
    }

    static func unknownStatus(_ value: String?, in table: String) -> StoreError {
        StoreError(
            .unknownStatus,
            "a \(table) row has the status \(value.map { "'\($0)'" } ?? "NULL"), which this peerpreserve does not know; the store is "
                + "damaged or was written by a newer version (upgrade peerpreserve, or restore the store from a copy).")
    }
}
