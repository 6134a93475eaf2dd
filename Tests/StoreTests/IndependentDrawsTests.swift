import EpisodeRunner
import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Store
import Study
import Synchronization
import Testing

/// Every episode is its own draw: over the whole paper suite, no two episodes share a cached
/// model answer, even where their first requests are byte for byte the same, while re-running
/// an episode replays it for free.
@Suite("Independent draws")
struct IndependentDrawsTests {
    /// Answers every request with a fresh, numbered turn that calls `end_task` (so an episode is
    /// one turn), remembering each request it was asked.
    final class FreshModel: ModelClient {
        let calls = Mutex<[String]>([])
        func respond(to request: ModelRequest) async throws -> ModelResponse {
            let number = calls.withLock {
                $0.append(SHA256.hex(request.canonicalBytes))
                return $0.count
            }
            return ModelResponse(
                turn: AssistantTurn(text: "draw \(number)", toolCalls: [ToolCall(id: "end-\(number)", name: "end_task")]))
        }
    }

    @Test("paper suite, 2 samples: every episode's first request is answered by its own model call")
    func paperSuite() async throws {
        let path = StoreFixtures.temporaryPath("draws")
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        let spec = RunSpecification(
            suite: "paper", configurations: try StoreFixtures.content.matrix(suite: "paper").configurations(),
            contentFingerprint: StoreFixtures.content.fingerprint, seed: 0, settings: ["temperature": 1])
        let pending = try await database.prepare(spec, models: ["m"], samples: 2)
        #expect(pending.count == 271 * 2)
        let model = FreshModel()
        let scheduler = StoreFixtures.scheduler(
            concurrency: 16,
            model: { episode, _ in CachingModelClient(base: model, cache: database, model: episode.model, episode: episode.cacheIdentity) })
        _ = try await scheduler.run(pending, store: database)

        let requests = model.calls.withLock { $0 }
        #expect(requests.count == 542, "one model call per episode, none answered from another episode's draw")
        // The probe's premise: many configurations share their first request.
        #expect(Set(requests).count < 271)
        #expect(try await database.tableCounts().cachedResponses == 542)
        let answers = try await database.reportEpisodes(runID: spec.identity, judge: nil).count
        #expect(answers == 542)

        // Re-running one episode replays its answer without a model call.
        let episode = pending[0]
        let scenario = try StoreFixtures.builder.build(
            episode.configuration, options: ScenarioOptions(family: "Qwen", seed: episode.seed))
        let replay = await EpisodeRunner().run(
            scenario, with: CachingModelClient(base: model, cache: database, model: "m", episode: episode.cacheIdentity))
        #expect(model.calls.withLock { $0.count } == 542)
        #expect(replay.transcript.assistantTurns.count == 1)
    }
}
