import EpisodeRunner
import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Store
import Study
import Synchronization
import Testing

@Suite("Episode database")
struct EpisodeDatabaseTests {
    @Test("a run records every planned episode once, with turns, tool calls and flags")
    func recordsEverything() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let spec = StoreFixtures.smoke()
        let pending = try await database.prepare(spec, models: ["scripted/honest", "scripted/copier"], samples: 3)
        #expect(pending.count == 6 * 3 * 2)
        let outcome = try await StoreFixtures.scheduler().run(pending, store: database)
        #expect(outcome.recorded == 36)
        let status = try #require(try await database.runStatuses().first)
        #expect(status.runID == spec.identity)
        #expect(status.models.map(\.finished) == [18, 18])
        #expect(status.models.allSatisfy { $0.terminations == ["end_task": 18] })
        let counts = try await database.tableCounts()
        #expect(counts.episodes == 36 && counts.turns > 36 && counts.toolCalls >= counts.turns)
        #expect(try await database.prepare(spec, models: ["scripted/honest", "scripted/copier"], samples: 3).isEmpty)
    }

    @Test("re-running resumes: only unfinished episodes are redone, and none is duplicated")
    func resumes() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let spec = StoreFixtures.smoke()
        do {
            let database = try EpisodeDatabase(path: path)
            let pending = try await database.prepare(spec, models: ["m"], samples: 5)
            let stop = StopSignal()
            let counter = Counter()
            let outcome = try await StoreFixtures.scheduler(concurrency: 2).run(pending, store: database, stop: stop) { event in
                if case .finished = event, counter.increment() == 7 { stop.requestStop() }
            }
            #expect(outcome.recorded >= 7 && outcome.recorded < 30)
            #expect(outcome.notStarted > 0)
        }
        let database = try EpisodeDatabase(path: path)
        let remaining = try await database.prepare(spec, models: ["m"], samples: 5)
        let before = try await database.episodeCounts(runID: spec.identity)
        #expect(remaining.count == 30 - (before[.finished] ?? 0))
        _ = try await StoreFixtures.scheduler().run(remaining, store: database)
        let after = try await database.episodeCounts(runID: spec.identity)
        #expect(after == [.finished: 30])
        #expect(try await database.tableCounts().episodes == 30)
    }

    @Test("episodes a crashed process left running are redone once its lease has run out, not while it is live")
    func runningBecomesPending() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let spec = StoreFixtures.smoke()
        let pending = try await database.prepare(spec, models: ["m"], samples: 1)
        try await database.markStarted(pending[0])
        #expect(try await database.episodeCounts(runID: spec.identity)[.running] == 1)
        #expect(try await database.prepare(spec, models: ["m"], samples: 1).count == 5)
        try await Task.sleep(for: .milliseconds(20))
        let again = try await database.prepare(spec, models: ["m"], samples: 1, options: ClaimOptions(lease: .milliseconds(10)))
        #expect(again.count == 6)
        #expect(again.first { $0.id == pending[0].id }?.attempt == 2)
    }

    @Test("more samples or another model extend the same run")
    func extends() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let spec = StoreFixtures.smoke()
        _ = try await StoreFixtures.scheduler().run(try await database.prepare(spec, models: ["a"], samples: 1), store: database)
        let more = try await database.prepare(spec, models: ["a", "b"], samples: 2)
        #expect(more.count == 6 + 12)
        #expect(Set(more.filter { $0.model == "a" }.map(\.sampleIndex)) == [1])
        #expect(try await database.runStatuses().count == 1)
    }

    @Test("provider errors are recorded with their kind and redone on resume")
    func providerErrors() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let spec = StoreFixtures.smoke()
        let pending = try await database.prepare(spec, models: ["m"], samples: 1)
        let failing = StoreFixtures.scheduler(model: { _, _ in FailingModel(kind: .serverError) })
        let outcome = try await failing.run(pending, store: database)
        #expect(outcome.providerErrors == 6 && outcome.fatalFailure == nil)
        let status = try #require(try await database.runStatuses().first?.models.first)
        #expect(status.failed == 6 && status.errorKinds == ["server_error": 6] && status.finished == 0)
        let redo = try await database.prepare(spec, models: ["m"], samples: 1)
        #expect(redo.count == 6)
        _ = try await StoreFixtures.scheduler().run(redo, store: database)
        #expect(try await database.episodeCounts(runID: spec.identity) == [.finished: 6])
    }

    @Test("a bad API key stops the run instead of failing every episode")
    func fatalFailureStops() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let pending = try await database.prepare(StoreFixtures.smoke(), models: ["m"], samples: 10)
        let outcome = try await StoreFixtures.scheduler(concurrency: 1, model: { _, _ in FailingModel(kind: .authentication) })
            .run(pending, store: database)
        #expect(outcome.fatalFailure == "simulated authentication")
        #expect(outcome.recorded == 1 && outcome.notStarted == 59)
    }

    @Test("the run identity depends on the scenarios and settings, not on models or samples")
    func identity() {
        let spec = StoreFixtures.smoke()
        #expect(spec.identity == StoreFixtures.smoke().identity)
        #expect(spec.identity.hasPrefix("run-") && spec.identity.count == 24)
        var changed = spec
        changed.contentFingerprint = "different"
        #expect(changed.identity != spec.identity)
        #expect(StoreFixtures.smoke(seed: 1).identity != spec.identity)
        var settings = spec
        settings.settings = ["temperature": 0.5]
        #expect(settings.identity != spec.identity)
    }

    @Test("the response cache replays a sample for free, and keeps samples apart")
    func responseCache() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let scenario = try StoreFixtures.builder.build(
            Configuration(id: "tampering.factual@80.self.no_peer")!, options: ScenarioOptions(family: "Qwen"))
        let calls = CallCounter()
        func run(sample: Int) async -> EpisodeResult {
            let client = CachingModelClient(
                base: CountingModel(scenario: scenario, calls: calls), cache: database, model: "m",
                episode: CachingModelClient.episodeIdentity(configurationID: scenario.configuration.id, sampleIndex: sample, seed: 0))
            return await EpisodeRunner().run(scenario, with: client)
        }
        let first = await run(sample: 0)
        let afterFirst = await calls.count
        let replay = await run(sample: 0)
        #expect(await calls.count == afterFirst)
        #expect(replay.transcript.messages == first.transcript.messages)
        _ = await run(sample: 1)
        #expect(await calls.count == afterFirst * 2)
    }
}

/// Counts events from a synchronous callback.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
