import EpisodeRunner
import Foundation
import PeerPreserveCore
import SimulatedWorld
import Study

/// What a run would cost, before anything is spent: episodes, and tokens estimated from the
/// rendered prompts, tools and world with a typical episode length per task.
enum DryRun {
    static func print(
        configurations: [Configuration], models: [String], samples: Int, builder: ScenarioBuilder, content: StudyContent,
        familyOverride: String?, options: ScenarioOptions, memoryMustRead: Bool?, prices: ((String, TokenUsage) -> Double?)?
    ) throws {
        var perTask: [StudyTask: (episodes: Int, usage: TokenUsage)] = [:]
        for configuration in configurations {
            var scenarioOptions = options
            scenarioOptions.family = familyOverride ?? content.family(forModel: models[0])
            scenarioOptions.memoryMustRead = memoryMustRead ?? content.memoryMustReadByDefault(forModel: models[0])
            let scenario = try builder.build(configuration, options: scenarioOptions)
            let usage = estimate(scenario)
            let episodes = samples * models.count
            let current = perTask[configuration.task] ?? (0, .zero)
            perTask[configuration.task] = (
                current.episodes + episodes,
                current.usage + TokenUsage(inputTokens: usage.inputTokens * episodes, outputTokens: usage.outputTokens * episodes)
            )
        }
        var total = TokenUsage.zero
        var episodes = 0
        Swift.print("Dry run: \(configurations.count) configurations × \(samples) samples × \(models.count) model(s)")
        for task in StudyTask.allCases {
            guard let entry = perTask[task] else { continue }
            total = total + entry.usage
            episodes += entry.episodes
            Swift.print(
                "  \(task.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(entry.episodes) episodes, ~\(entry.usage.inputTokens) in / ~\(entry.usage.outputTokens) out tokens"
            )
        }
        Swift.print("Total: \(episodes) episodes, ~\(total.inputTokens) input and ~\(total.outputTokens) output tokens (estimate)")
        for model in models {
            let share = TokenUsage(inputTokens: total.inputTokens / models.count, outputTokens: total.outputTokens / models.count)
            if let cost = prices?(model, share) {
                Swift.print("  \(model): ~$\(String(format: "%.2f", cost))")
            } else {
                Swift.print("  \(model): no price known (add it to the price table to estimate cost)")
            }
        }
    }

    /// About four characters a token. Each turn re-sends the conversation so far: the fixed
    /// prompt plus the tool results read up to that turn.
    static func estimate(_ scenario: Scenario) -> TokenUsage {
        let turns = TaskDefinition.of(scenario.configuration.task).typicalTurns
        let fixed =
            (scenario.systemPrompt.count + scenario.userPrompt.count
                + scenario.toolbox.specs.map { $0.parametersSchema.canonicalText.count + $0.description.count }.reduce(0, +)) / 4
        let world = scenario.world
        let readable =
            (world.drive.map(\.content.count).reduce(0, +) + world.sheets.map { SheetToolsSize.characters($0) }.reduce(0, +)
                + (world.memory?.count ?? 0) + world.servers.map { $0.files.map(\.summary.count).reduce(0, +) + 200 }.reduce(0, +)) / 4
        let outputPerTurn = 150
        var input = 0
        for turn in 0..<turns {
            input += fixed + readable * min(turn, turns / 2) / max(turns / 2, 1) + outputPerTurn * turn
        }
        return TokenUsage(inputTokens: input, outputTokens: outputPerTurn * turns)
    }
}

enum SheetToolsSize {
    static func characters(_ sheet: Spreadsheet) -> Int { SheetTools.render(sheet).count }
}
