import EpisodeRunner
import PeerPreserveApp
import PeerPreserveCore
import Study
import Synchronization
import Testing

/// The interrupt policy, driven by a signal stream the test controls: the first interrupt finishes
/// the episodes in flight and starts no more, the second abandons them.
@Suite("A run's interrupt policy")
struct RunExecutionTests {
    /// Records episodes in memory.
    final class MemoryStore: EpisodeStore {
        let recorded = Mutex<Int>(0)
        func markStarted(_ episode: PlannedEpisode) async throws {}
        func record(_ episode: PlannedEpisode, result: EpisodeResult, costUSD: Double?, retries: Int) async throws {
            recorded.withLock { $0 += 1 }
        }
    }

    /// Ends every episode with end_task after a pause.
    struct SlowAgent: ModelClient {
        func respond(to request: ModelRequest) async throws -> ModelResponse {
            try await Task.sleep(for: .milliseconds(150))
            return ModelResponse(turn: AssistantTurn(toolCalls: [ToolCall(id: "end", name: "end_task")]))
        }
    }

    static func setup(episodes count: Int) throws -> (RunScheduler, [PlannedEpisode]) {
        let content = try StudyContent.builtIn()
        let builder = ScenarioBuilder(content: content)
        let configurations = try content.matrix(suite: "smoke").configurations()
        let episodes = (0..<count).map { index in
            PlannedEpisode(
                id: Int64(index + 1), model: "slow", configuration: configurations[index % configurations.count], sampleIndex: index,
                seed: UInt64(index))
        }
        let scheduler = RunScheduler(
            concurrency: 2, runner: EpisodeRunner(),
            scenario: { try builder.build($0.configuration, options: ScenarioOptions(family: "Qwen", seed: $0.seed)) },
            model: { _, _ in SlowAgent() })
        return (scheduler, episodes)
    }

    @Test("one SIGTERM: a notice, the episodes in flight finish and are recorded, no more start", arguments: [1, 2])
    func interrupts(count: Int) async throws {
        let (scheduler, episodes) = try Self.setup(episodes: 30)
        let store = MemoryStore()
        let stop = StopSignal()
        let notices = Mutex<[String]>([])
        let (signals, continuation) = AsyncStream<RunExecution.Interrupt>.makeStream()
        let queue = EpisodeList(episodes, store: store)
        let sender = Task {
            while store.recorded.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(20)) }
            for _ in 0..<count { continuation.yield(.terminate) }
        }
        let outcome = try await RunExecution.run(
            scheduler, queue: queue, store: store, stop: stop, interrupts: signals, events: { _ in },
            notice: { line in notices.withLock { $0.append(line) } })
        try await sender.value
        continuation.finish()
        #expect(stop.isStopRequested)
        let lines = notices.withLock { $0 }
        #expect(lines.first == RunExecution.stoppingNotice(.terminate))
        let recorded = store.recorded.withLock { $0 }
        #expect(recorded < 30, "the run stopped early")
        if count == 1 {
            #expect(lines == [RunExecution.stoppingNotice(.terminate)])
            #expect(outcome.recorded == recorded, "the episodes in flight were finished and recorded")
            #expect(outcome.abandoned == 0)
        } else {
            #expect(lines.last == RunExecution.abandonedNotice)
            #expect(outcome == RunOutcome())
        }
    }
}
