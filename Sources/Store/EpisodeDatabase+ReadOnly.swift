import Foundation
import GRDB

extension EpisodeDatabase {
    /// Opens an existing store for reading only: nothing is migrated, checkpointed or written, so
    /// a read command (view, export) leaves the file as it found it and can run beside a writer.
    ///
    /// Refuses a missing file, a file that is not a peerpreserve store, a store written by a newer
    /// version, and one so old that it lacks tables or columns a reader needs.
    public convenience init(readingAt path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path) }
        try Self.checkExisting(path)
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = StoreSchema.migrator
            let applied = try pool.read { try migrator.appliedIdentifiers($0) }
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.newerSchema(path, applied.sorted().last ?? "?")
            }
            if let missing = StoreSchema.requiredForReading.subtracting(applied).sorted().first {
                throw StoreError.olderSchema(path, missing)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError.notSQLite(path)
        } catch {
            throw StoreError.cannotOpen(path, "\(error)")
        }
        self.init(path: path, pool: pool)
    }
}
