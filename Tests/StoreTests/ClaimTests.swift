import EpisodeRunner
import Foundation
import GRDB
import PeerPreserveCore
import PeerPreserveTesting
import ScriptedAgents
import Store
import Study
import Testing

/// The claim protocol behind "one store, one runner": episodes are claimed in a transaction under
/// a lease, no two runners hold the same episode, an expired lease is taken over, and failures
/// are redone by a rerun only while they may still succeed.
@Suite("Episode claims and leases")
struct ClaimTests {
    func store(_ runner: String, at path: String) throws -> EpisodeDatabase {
        try EpisodeDatabase(path: path, readOnly: false, runnerID: "test-host/0/\(runner)")
    }

    func ids(_ claim: EpisodeClaim) -> [Int64] {
        if case .episodes(let episodes) = claim { return episodes.map(\.id) }
        return []
    }

    @Test("two runners never claim the same episode, and a runner waits while the other holds the rest")
    func disjointClaims() async throws {
        let path = StoreFixtures.temporaryPath("claims")
        defer { StoreFixtures.removeDatabase(path) }
        let spec = StoreFixtures.smoke()
        let first = try store("a", at: path)
        let second = try store("b", at: path)
        #expect(try await first.prepare(spec, models: ["m"], samples: 2).count == 12)
        let queueA = first.queue(spec, models: ["m"], samples: 2)
        let queueB = second.queue(spec, models: ["m"], samples: 2)
        let claimedA = ids(try await queueA.claim(upTo: 5))
        let claimedB = ids(try await queueB.claim(upTo: 100))
        #expect(claimedA.count == 5 && claimedB.count == 7)
        #expect(Set(claimedA).isDisjoint(with: claimedB))
        #expect(try await queueA.claim(upTo: 1) == .waitForOthers)
        // What another live runner holds is not "to do" for a new process.
        #expect(try await store("c", at: path).prepare(spec, models: ["m"], samples: 2).isEmpty)
    }

    @Test("an episode whose lease ran out (its runner was killed) is claimed again; a live lease is not")
    func expiredLease() async throws {
        let path = StoreFixtures.temporaryPath("claims")
        defer { StoreFixtures.removeDatabase(path) }
        let spec = StoreFixtures.smoke()
        let killed = try store("killed", at: path)
        _ = try await killed.prepare(spec, models: ["m"], samples: 1)
        let held = ids(try await killed.queue(spec, models: ["m"], samples: 1).claim(upTo: 6))
        #expect(held.count == 6)
        let survivor = try store("survivor", at: path)
        #expect(
            try await survivor.queue(spec, models: ["m"], samples: 1, options: ClaimOptions(lease: .seconds(60))).claim(upTo: 6)
                == .waitForOthers)
        try await Task.sleep(for: .milliseconds(1100))
        let queue = survivor.queue(spec, models: ["m"], samples: 1, options: ClaimOptions(lease: .seconds(1)))
        let taken = try await queue.claim(upTo: 6)
        #expect(Set(ids(taken)) == Set(held))
        if case .episodes(let episodes) = taken { #expect(episodes.allSatisfy { $0.attempt == 2 }) }
    }

    @Test("renewed leases stay live; abandoned episodes go back at once, their attempt not counted")
    func renewAndRelease() async throws {
        let path = StoreFixtures.temporaryPath("claims")
        defer { StoreFixtures.removeDatabase(path) }
        let spec = StoreFixtures.smoke()
        let runner = try store("a", at: path)
        _ = try await runner.prepare(spec, models: ["m"], samples: 1)
        let queue = runner.queue(spec, models: ["m"], samples: 1, options: ClaimOptions(lease: .seconds(3600)))
        guard case .episodes(let episodes) = try await queue.claim(upTo: 6) else {
            Issue.record("nothing claimed")
            return
        }
        try await queue.renewLeases()
        let other = try store("b", at: path).queue(spec, models: ["m"], samples: 1, options: ClaimOptions(lease: .seconds(3600)))
        #expect(try await other.claim(upTo: 6) == .waitForOthers)
        try queue.releaseAbandoned(episodes)
        guard case .episodes(let again) = try await other.claim(upTo: 6) else {
            Issue.record("not released")
            return
        }
        #expect(again.count == 6 && again.allSatisfy { $0.attempt == 1 })
    }

    @Test("transient failures are redone until the attempt limit, refused requests only with retry-failed")
    func failuresAndAttempts() async throws {
        let path = StoreFixtures.temporaryPath("claims")
        defer { StoreFixtures.removeDatabase(path) }
        let spec = StoreFixtures.smoke()
        let database = try store("a", at: path)
        _ = try await database.prepare(spec, models: ["transient", "refused"], samples: 1)
        let options = ClaimOptions(maxAttempts: 2)
        let scheduler = StoreFixtures.scheduler(model: { episode, _ in
            FailingModel(kind: episode.model == "transient" ? .serverError : .badRequest)
        })
        let queue = database.queue(spec, models: ["transient", "refused"], samples: 1, options: options)
        let first = try await scheduler.run(queue: queue, store: database)
        #expect(first.recorded == 12 && first.providerErrors == 12 && first.fatalFailure == nil)
        // Attempt 2 redoes only the transient failures; after it they have used up their attempts.
        #expect(try await database.prepare(spec, models: ["transient", "refused"], samples: 1, options: options).count == 6)
        // A run tries each episode once: the same runner claims nothing more; the next run redoes.
        #expect(try await queue.claim(upTo: 12) == .exhausted)
        let rerun = try store("b", at: path).queue(spec, models: ["transient", "refused"], samples: 1, options: options)
        let second = try await scheduler.run(queue: rerun, store: database)
        #expect(second.recorded == 6)
        #expect(try await database.prepare(spec, models: ["transient", "refused"], samples: 1, options: options).isEmpty)
        let status = try #require(try await database.runStatuses(maxAttempts: 2).first)
        #expect(status.models.map(\.permanentlyFailed) == [6, 6] && status.models.map(\.failedToRedo) == [0, 0])
        let all = ClaimOptions(maxAttempts: 2, retryFailed: true)
        #expect(try await database.prepare(spec, models: ["transient", "refused"], samples: 1, options: all).count == 12)
    }

    @Test("only a rejected key or a missing model stops a run; a refused request fails its episode and the run goes on")
    func whatStopsARun() async throws {
        for (kind, stops) in [(ProviderFailure.Kind.authentication, true), (.modelNotFound, true), (.badRequest, false)] {
            let path = StoreFixtures.temporaryPath("claims")
            defer { StoreFixtures.removeDatabase(path) }
            let database = try store("a", at: path)
            let spec = StoreFixtures.smoke()
            _ = try await database.prepare(spec, models: ["m"], samples: 5)
            let outcome = try await StoreFixtures.scheduler(concurrency: 1, model: { _, _ in FailingModel(kind: kind) })
                .run(queue: database.queue(spec, models: ["m"], samples: 5), store: database)
            #expect((outcome.fatalFailure != nil) == stops, "\(kind)")
            #expect(outcome.recorded == (stops ? 1 : 30), "\(kind)")
        }
    }

    @Test("retries behind an episode's model calls are stored with it")
    func retriesStored() async throws {
        let path = StoreFixtures.temporaryPath("claims")
        defer { StoreFixtures.removeDatabase(path) }
        let database = try store("a", at: path)
        let spec = StoreFixtures.smoke()
        let pending = try await database.prepare(spec, models: ["m"], samples: 1)
        _ = try await StoreFixtures.scheduler(model: { _, scenario in RetriedModel(base: ScriptedAgents.honestOracle(for: scenario)) })
            .run(pending, store: database)
        let status = try #require(try await database.runStatuses().first?.models.first)
        #expect(status.retries == status.turns * 2)
        let queue = try DatabaseQueue(path: path)
        let perEpisode = try queue.read { db in try Row.fetchAll(db, sql: "SELECT turns, retries FROM episode") }
        #expect(perEpisode.allSatisfy { ($0["retries"] as Int) == ($0["turns"] as Int) * 2 })
    }
}

/// Answers like `base`, reporting two retried attempts behind every answer.
struct RetriedModel: ModelClient {
    var base: any ModelClient
    func respond(to request: ModelRequest) async throws -> ModelResponse {
        var response = try await base.respond(to: request)
        response.retries = 2
        return response
    }
}
