import ArgumentParser
import Foundation
import Store

/// `--db`: the SQLite store every command reads or writes, with its checks in one place.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store (run, import and harness create it; the other commands read it).")
    var db: String = "peerpreserve.sqlite"

    func validate() throws {
        guard !db.isEmpty else { throw ValidationError("--db needs a file path.") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: db, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--db \(db) is a folder; name the store file inside it (e.g. \(db)/peerpreserve.sqlite).")
        }
    }

    /// The store opened read-only: never created, migrated or changed.
    func openForReading() throws -> EpisodeDatabase { try EpisodeDatabase(path: db, readOnly: true) }

    /// The store opened for writing, created if missing and migrated.
    func openForWriting() throws -> EpisodeDatabase { try EpisodeDatabase(path: db) }
}
