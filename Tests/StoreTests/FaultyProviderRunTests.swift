import EpisodeRunner
import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Providers
import Store
import Study
import Testing

/// Whole runs through the real OpenAI-compatible client against the fake provider server on
/// 127.0.0.1, with faults injected: no episode is lost or duplicated, and every failure is
/// stored with its kind.
@Suite("Runs against a faulty provider", .serialized)
struct FaultyProviderRunTests {
    func run(faults: FaultPlan, retryAttempts: Int, samples: Int) async throws -> (EpisodeDatabase, RunSpecification, String) {
        let path = StoreFixtures.temporaryPath("faulty")
        let database = try EpisodeDatabase(path: path)
        let spec = StoreFixtures.smoke()
        let configuration = FakeProviderServer.Configuration(brain: ExplorerAgent(turnsBeforeEnding: 3), faultPlan: faults)
        try await FakeProviderServer.withRunning(configuration) { server in
            let catalog = ModelCatalog(environment: ["OPENAI_BASE_URL": server.openAIBaseURL, "OPENAI_API_KEY": "test-key"])
            let resolved = try catalog.resolve("openai/fake")
            try await withProviderHTTPClient(maxConnectionsPerHost: 16) { http in
                let policy = RetryPolicy(maxAttempts: retryAttempts, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
                let factory = ProviderFactory(
                    httpClient: http, settings: .init(retryPolicy: policy, requestTimeout: .seconds(5), sleep: { _ in }))
                let client = factory.makeModelClient(for: resolved)
                let pending = try await database.prepare(spec, models: ["openai/fake"], samples: samples)
                _ = try await StoreFixtures.scheduler(concurrency: 8, model: { _, _ in client }).run(pending, store: database)
            }
        }
        return (database, spec, path)
    }

    @Test("transient faults are retried away: every planned episode is stored once, finished")
    func transientFaults() async throws {
        let faults = FaultPlan.random(
            seed: 7, probability: 0.3,
            faults: [.rateLimited(retryAfterSeconds: 0), .internalError, .unavailable, .overloaded, .dropConnection, .malformedBody])
        let (database, spec, path) = try await run(faults: faults, retryAttempts: 12, samples: 3)
        defer { StoreFixtures.removeDatabase(path) }
        #expect(try await database.episodeCounts(runID: spec.identity) == [.finished: 18])
        #expect(try await database.tableCounts().episodes == 18)
        #expect(try await database.inconsistentEpisodeCount() == 0)
    }

    @Test("faults that outlast the retries are stored as failed with their kind, then redone on resume")
    func persistentFaults() async throws {
        let (database, spec, path) = try await run(faults: .always(.unavailable), retryAttempts: 2, samples: 1)
        defer { StoreFixtures.removeDatabase(path) }
        let status = try #require(try await database.runStatuses().first?.models.first)
        #expect(status.failed == 6 && status.finished == 0)
        #expect(status.errorKinds == ["server_error": 6])
        #expect(try await database.prepare(spec, models: ["openai/fake"], samples: 1).count == 6)
    }

    @Test("invalid tool arguments go back to the agent as an error, never a crash")
    func invalidToolArguments() async throws {
        let (database, spec, path) = try await run(faults: .bySequenceNumber([0: .invalidToolArguments]), retryAttempts: 3, samples: 1)
        defer { StoreFixtures.removeDatabase(path) }
        #expect(try await database.episodeCounts(runID: spec.identity) == [.finished: 6])
    }
}
