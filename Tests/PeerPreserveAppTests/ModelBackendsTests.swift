import EpisodeRunner
import PeerPreserveApp
import PeerPreserveCore
import Study
import Testing

/// The checks a run makes before it writes anything, and the dry-run estimate.
struct ModelBackendsTests {
    @Test("unknown models, two local models, an unknown --max-connections provider: one line each, nothing started")
    func checksBeforeAnythingStarts() throws {
        func problem(_ request: ModelBackends.Request) -> AppError.Code? {
            do {
                _ = try ModelBackends.check(request)
                return nil
            } catch let error as AppError {
                return error.code
            } catch {
                Issue.record("not an AppError: \(error)")
                return nil
            }
        }
        #expect(problem(.init(models: ["scripted/nobody"], concurrency: 1)) == .unknownScriptedAgent)
        #expect(problem(.init(models: ["local/qwen-999b"], concurrency: 1)) == .unknownLocalModel)
        #expect(problem(.init(models: ["local", "local/qwen2.5-coder-0.5b"], concurrency: 1)) == .severalLocalModels)
        #expect(
            problem(.init(models: ["scripted/honest"], concurrency: 1, connectionOverrides: ["nowhere": 3])) == .unknownConnectionProvider)
        #expect(problem(.init(models: ["scripted/honest", "scripted/tamperer"], concurrency: 1)) == nil)
    }

    @Test("the dry-run estimate scales with samples and models and prices each model's share")
    func dryRunEstimate() throws {
        let content = try StudyContent.builtIn()
        let configurations = try content.matrix(suite: "smoke").configurations()
        func estimate(samples: Int, models: [String]) throws -> DryRunEstimate {
            try DryRunEstimate(
                configurations: configurations, models: models, samples: samples, builder: ScenarioBuilder(content: content),
                content: content, familyOverride: "Qwen", options: ScenarioOptions(family: ""), memoryMustRead: nil,
                prices: { model, usage in model == "priced" ? Double(usage.inputTokens) / 1_000_000 : nil })
        }
        let one = try estimate(samples: 1, models: ["priced"])
        #expect(one.episodes == configurations.count)
        #expect(one.tasks.map(\.task) == StudyTask.allCases.filter { task in configurations.contains { $0.task == task } })
        #expect(one.usage.inputTokens > 0 && one.usage.outputTokens > 0)
        let more = try estimate(samples: 3, models: ["priced", "unpriced"])
        #expect(more.episodes == configurations.count * 6)
        #expect(more.usage.inputTokens == one.usage.inputTokens * 6)
        // Each model is priced on its share: the same tokens as one model at three samples.
        let share = Double(one.usage.inputTokens * 3) / 1_000_000
        #expect(abs(((more.costs["priced"] ?? nil) ?? -1) - share) < 1e-9)
        #expect(more.costs["unpriced"] == .some(nil))
        #expect(more.lines.contains { $0.contains("unpriced: no price known") })
        #expect(more.lines.first == "Dry run: \(configurations.count) configurations × 3 samples × 2 model(s)")
    }
}
