import Foundation
import Store
import Testing

@Suite("Store errors")
struct StoreErrorTests {
    @Test("a file that is not SQLite is refused untouched, with a one-line fix")
    func notSQLite() throws {
        let path = StoreFixtures.temporaryPath("garbage")
        defer { StoreFixtures.removeDatabase(path) }
        let bytes = Data("these are somebody's notes, not a database\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try EpisodeDatabase(path: path) }
        #expect(error?.code == .notSQLite)
        #expect(error?.description.contains("\n") == false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("another program's SQLite database is refused untouched")
    func foreign() throws {
        let path = StoreFixtures.temporaryPath("foreign")
        defer { StoreFixtures.removeDatabase(path) }
        // Make a real SQLite file of another program by letting a peerpreserve store be created
        // then giving it a different application id would need SQL; instead write a minimal
        // database with the sqlite3 CLI-free route: copy the header of a valid empty database.
        let other = try ForeignDatabase.make(at: path)
        let error = #expect(throws: StoreError.self) { try EpisodeDatabase(path: path) }
        #expect(error?.code == .foreign)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == other)
    }

    @Test("a store reopens with its data")
    func reopen() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        do {
            let database = try EpisodeDatabase(path: path)
            _ = try await database.prepare(StoreFixtures.smoke(), models: ["m"], samples: 2)
        }
        let reopened = try EpisodeDatabase(path: path)
        #expect(try await reopened.tableCounts().episodes == 12)
    }

    @Test("each store error code is its own")
    func distinctCodes() {
        let codes: [StoreError.Code] = [
            .notSQLite, .foreign, .newerSchema, .cannotOpen, .unknownRun, .olderSchema, .isDirectory, .missing, .cannotWrite,
            .runInProgress,
        ]
        #expect(Set(codes).count == codes.count)
    }
}
