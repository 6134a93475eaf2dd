import EpisodeRunner
import Foundation
import GRDB
import Store
import Testing

/// Status columns read as types: a value this version does not know is a one-line error naming
/// it, never a crash, and the store is left as it was.
@Suite("Stored statuses")
struct StoredStatusTests {
    @Test("every status is stored and read back as its type")
    func roundTrip() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let spec = StoreFixtures.smoke()
        let pending = try await database.prepare(spec, models: ["scripted/honest"], samples: 1)
        #expect(try await database.episodeCounts(runID: spec.identity) == [.pending: pending.count])
        _ = try await StoreFixtures.scheduler().run(pending, store: database)
        #expect(try await database.episodeCounts(runID: spec.identity) == [.finished: pending.count])
        let episode = try #require(try await database.storedEpisode(id: pending[0].id))
        #expect(episode.status == .finished)
        let id = try await database.recordInterview(
            episodeID: pending[0].id, model: "m", questionSet: "q", status: .failed, exchangesJSON: "[]", worldDiffJSON: nil, error: "x")
        #expect(try await database.interviews(episodeID: pending[0].id).map(\.id) == [id])
        #expect(try await database.interviews(episodeID: pending[0].id).map(\.status) == [.failed])
    }

    @Test("a status this version does not know is refused in one line naming it, and nothing is changed")
    func unknownStatus() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let spec = StoreFixtures.smoke()
        let ids: [Int64]
        do {
            let database = try EpisodeDatabase(path: path)
            let pending = try await database.prepare(spec, models: ["scripted/honest"], samples: 1)
            _ = try await StoreFixtures.scheduler().run(pending, store: database)
            ids = pending.map(\.id)
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE episode SET status = 'paused' WHERE id = ?", arguments: [ids[0]])
        }
        try queue.close()
        let database = try EpisodeDatabase(path: path)
        for read in [
            { _ = try await database.episodeCounts(runID: spec.identity) },
            { _ = try await database.storedEpisode(id: ids[0]) },
        ] as [@Sendable () async throws -> Void] {
            let error = await #expect(throws: StoreError.self) { try await read() }
            #expect(error?.code == .unknownStatus)
            #expect(error.map { $0.description.contains("'paused'") && !$0.description.contains("\n") } == true)
        }
        // The other episodes read as before.
        #expect(try await database.storedEpisode(id: ids[1])?.status == .finished)
    }
}
