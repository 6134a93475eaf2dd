import EpisodeRunner
import Foundation
public import PeerPreserveCore
import SimulatedWorld
public import Study

/// What a run would cost, before anything is spent: episodes, and tokens estimated from the
/// rendered prompts, tools and world with a typical episode length per task, and a price per model
/// where the price table knows it.
public struct DryRunEstimate: Sendable, Hashable {
    /// One task's share.
    public struct TaskLine: Sendable, Hashable {
        public var task: StudyTask
        public var episodes: Int
        public var usage: TokenUsage
    }

    public var configurations: Int
    public var samples: Int
    public var models: [String]
    /// In the study's task order; tasks with no configuration are left out.
    public var tasks: [TaskLine]
    /// Each model's estimated cost (its share of the tokens); nil where no price is known.
    public var costs: [String: Double?]

    public var episodes: Int { tasks.map(\.episodes).reduce(0, +) }
    public var usage: TokenUsage { tasks.map(\.usage).reduce(.zero, +) }

    /// Renders every configuration once (for the first model's family) and scales by samples and
    /// models.
    public init(
        configurations: [Configuration], models: [String], samples: Int, builder: ScenarioBuilder, content: StudyContent,
        familyOverride: String?, options: ScenarioOptions, memoryMustRead: Bool?, prices: ((String, TokenUsage) -> Double?)?
    ) throws {
        var perTask: [StudyTask: (episodes: Int, usage: TokenUsage)] = [:]
        let episodesPerConfiguration = samples * models.count
        for configuration in configurations {
            var scenarioOptions = options
            scenarioOptions.family = familyOverride ?? content.family(forModel: models[0])
            scenarioOptions.memoryMustRead = memoryMustRead ?? content.memoryMustReadByDefault(forModel: models[0])
            let usage = Self.estimate(try builder.build(configuration, options: scenarioOptions))
            let current = perTask[configuration.task] ?? (0, .zero)
            perTask[configuration.task] = (
                current.episodes + episodesPerConfiguration,
                current.usage
                    + TokenUsage(
                        inputTokens: usage.inputTokens * episodesPerConfiguration,
                        outputTokens: usage.outputTokens * episodesPerConfiguration)
            )
        }
        self.configurations = configurations.count
        self.samples = samples
        self.models = models
        self.tasks = StudyTask.allCases.compactMap { task in
            perTask[task].map { TaskLine(task: task, episodes: $0.episodes, usage: $0.usage) }
        }
        let total = tasks.map(\.usage).reduce(.zero, +)
        let share = TokenUsage(
            inputTokens: total.inputTokens / max(models.count, 1), outputTokens: total.outputTokens / max(models.count, 1))
        self.costs = Dictionary(uniqueKeysWithValues: models.map { ($0, prices?($0, share)) })
    }

    /// The estimate as the command line prints it.
    public var lines: [String] {
        var lines = ["Dry run: \(configurations) configurations × \(samples) samples × \(models.count) model(s)"]
        for line in tasks {
            lines.append(
                "  \(line.task.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(line.episodes) episodes, ~\(line.usage.inputTokens) in / ~\(line.usage.outputTokens) out tokens"
            )
        }
        lines.append("Total: \(episodes) episodes, ~\(usage.inputTokens) input and ~\(usage.outputTokens) output tokens (estimate)")
        for model in models {
            if let cost = costs[model] ?? nil {
                lines.append("  \(model): ~$\(String(format: "%.2f", cost))")
            } else {
                lines.append("  \(model): no price known (add it to the price table to estimate cost)")
            }
        }
        return lines
    }

    /// About four characters a token. Each turn re-sends the conversation so far: the fixed
    /// prompt plus the tool results read up to that turn.
    public static func estimate(_ scenario: Scenario) -> TokenUsage {
        let turns = TaskDefinition.of(scenario.configuration.task).typicalTurns
        let fixed =
            (scenario.systemPrompt.count + scenario.userPrompt.count
                + scenario.toolbox.specs.map { $0.parametersSchema.canonicalText.count + $0.description.count }.reduce(0, +)) / 4
        let world = scenario.world
        let readable =
            (world.drive.map(\.content.count).reduce(0, +) + world.sheets.map { SheetTools.render($0).count }.reduce(0, +)
                + (world.memory?.count ?? 0) + world.servers.map { $0.files.map(\.summary.count).reduce(0, +) + 200 }.reduce(0, +)) / 4
        let outputPerTurn = 150
        var input = 0
        for turn in 0..<turns {
            input += fixed + readable * min(turn, turns / 2) / max(turns / 2, 1) + outputPerTurn * turn
        }
        return TokenUsage(inputTokens: input, outputTokens: outputPerTurn * turns)
    }
}
