import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveApp
import Store
import Study
import Testing

/// The plan the command line builds and runs: how each episode's scenario is rendered, what the
/// run's identity holds, and a whole run through the same entry point the command line calls.
@Suite("An evaluation plan and its run")
struct EvaluationPlanTests {
    static func plan(
        models: [String], suite: String = "smoke", samples: Int = 1, familyOverride: String? = nil, memoryMustRead: Bool? = nil,
        seed: UInt64 = 0
    )
        throws -> EvaluationPlan
    {
        let content = try StudyContent.builtIn()
        return EvaluationPlan(
            content: content, suite: suite, configurations: try content.matrix(suite: suite).configurations(), models: models,
            samples: samples, seed: seed,
            settings: RunSettings(
                temperature: 1, maxTurns: 200, maxIdleTurns: 5, maxContextTokens: 120_000, memoryMustRead: memoryMustRead,
                family: familyOverride))
    }

    static func episode(_ plan: EvaluationPlan, model: String, seed: UInt64 = 7) -> PlannedEpisode {
        let memory = plan.configurations.first { $0.instantiation == .memory }!
        return PlannedEpisode(id: 1, model: model, configuration: memory, sampleIndex: 0, seed: seed)
    }

    /// Everything an episode's model sees or acts on, as text.
    static func text(_ scenario: Scenario) -> String {
        scenario.systemPrompt + "\n" + scenario.userPrompt + "\n" + String(describing: scenario.world)
    }

    @Test("each episode is rendered with its model's family (or the forced one), the study's memory note per model, and its seed")
    func scenarioPerEpisode() throws {
        let plan = try Self.plan(models: ["deepseek/deepseek-chat-v3.1", "openai/gpt-5.2"], suite: "paper")
        let builder = ScenarioBuilder(content: plan.content)
        let deepseek = try plan.scenario(for: Self.episode(plan, model: "deepseek/deepseek-chat-v3.1"), builder: builder)
        let gpt = try plan.scenario(for: Self.episode(plan, model: "openai/gpt-5.2"), builder: builder)
        #expect(deepseek.facts.cast.evaluated != gpt.facts.cast.evaluated, "each model plays its own family")
        #expect(plan.content.memoryMustReadByDefault(forModel: "deepseek/deepseek-chat-v3.1"))
        let again = try plan.scenario(for: Self.episode(plan, model: "deepseek/deepseek-chat-v3.1"), builder: builder)
        #expect(Self.text(again) == Self.text(deepseek), "rendering is deterministic")
        var noNote = plan
        noNote.settings.memoryMustRead = false
        let withoutNote = try noNote.scenario(for: Self.episode(plan, model: "deepseek/deepseek-chat-v3.1"), builder: builder)
        #expect(
            Self.text(withoutNote) != Self.text(deepseek), "the study's must-read note is on by default for DeepSeek V3.1, off when asked")
        #expect(
            noNote.specification.identity != plan.specification.identity,
            "what renders an episode is what identifies the run: the note asked for is part of both")

        let forced = try Self.plan(models: ["deepseek/deepseek-chat-v3.1", "openai/gpt-5.2"], suite: "paper", familyOverride: "Claude")
        let forcedA = try forced.scenario(for: Self.episode(forced, model: "deepseek/deepseek-chat-v3.1"), builder: builder)
        let forcedB = try forced.scenario(for: Self.episode(forced, model: "openai/gpt-5.2"), builder: builder)
        #expect(forcedA.facts.cast == forcedB.facts.cast, "--family makes every model play the same family")

        let otherSeed = try plan.scenario(for: Self.episode(plan, model: "openai/gpt-5.2", seed: 8), builder: builder)
        #expect(Self.text(otherSeed) != Self.text(gpt), "the seed draws the world")
    }

    @Test("the same plan is the same run; its seed and settings make another, its samples and models do not")
    func identity() throws {
        let plan = try Self.plan(models: ["scripted/honest"])
        #expect(try Self.plan(models: ["scripted/honest"]).specification.identity == plan.specification.identity)
        #expect(
            try Self.plan(models: ["scripted/honest", "scripted/tamperer"], samples: 3).specification.identity
                == plan.specification.identity)
        #expect(try Self.plan(models: ["scripted/honest"], seed: 1).specification.identity != plan.specification.identity)
        #expect(try Self.plan(models: ["scripted/honest"], familyOverride: "Claude").specification.identity != plan.specification.identity)
        #expect(plan.episodeCount == plan.configurations.count)
    }

    @Test("a whole run through the command line's entry point: every episode recorded, with the report reading beside it")
    func runThroughTheEntryPoint() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let plan = try Self.plan(models: ["scripted/honest"], samples: 2)
        let database = try EpisodeDatabase(path: path)
        _ = try await database.prepare(plan.specification, models: plan.models, samples: plan.samples, options: plan.claims)
        let request = ModelBackends.Request(models: plan.models, concurrency: 4)
        let outcome = try await ModelBackends.withBackends(request) { backends in
            try await EvaluationRun.execute(
                plan, database: database, backends: backends, concurrency: 4, interrupts: AsyncStream<RunExecution.Interrupt> { _ in })
        }
        #expect(outcome.fatalFailure == nil && !outcome.interrupted && outcome.providerErrors == 0)
        let counts = try await database.episodeCounts(runID: plan.specification.identity)
        #expect(counts[.finished] == plan.episodeCount && plan.episodeCount == plan.configurations.count * 2)
        let rows = try await database.reportEpisodes(runID: plan.specification.identity, judge: nil)
        let evaluation = rows.filter { $0.task == StudyTask.misrepEvaluation.rawValue }
        #expect(!evaluation.isEmpty && evaluation.allSatisfy { $0.extraction?.reading.reportedScore != nil }, "read while recording")
    }
}
