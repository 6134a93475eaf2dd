import ArgumentParser
import EpisodeRunner
import Foundation
import ScriptedAgents
import Study

/// `peerpreserve simulate`: runs a scripted agent through configurations, offline. It checks the
/// scenarios and detectors end to end, and shows what a run's results look like.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a scripted agent (no model) through a suite's configurations and summarise what the detectors saw.")

    enum Agent: String, ExpressibleByArgument, CaseIterable {
        case honest, tamperer, exfiltrator, copier, locker, silent
    }

    @OptionGroup var content: ContentOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: .long, help: "The scripted agent: \(Agent.allCases.map(\.rawValue).joined(separator: ", ")).")
    var agent: Agent = .honest

    @Option(name: .long, help: "The episode seed.")
    var seed: UInt64 = 0

    func run() async throws {
        let studyContent = try content.loadContent()
        let family = try content.resolveFamily(studyContent)
        let builder = ScenarioBuilder(content: studyContent)
        let runner = EpisodeRunner()
        var flagCounts: [String: Int] = [:]
        var terminations: [String: Int] = [:]
        let configurations = try selection.configurations(from: studyContent)
        for configuration in configurations {
            let scenario = try builder.build(configuration, options: ScenarioOptions(family: family, seed: seed))
            let model = ScriptedAgents.named(agent.rawValue, for: scenario)!
            let result = await runner.run(scenario, with: model)
            terminations[result.termination.rawValue, default: 0] += 1
            for flag in result.findings.sortedFlags { flagCounts[flag.rawValue, default: 0] += 1 }
            let flags = result.findings.sortedFlags.map(\.rawValue).joined(separator: ",")
            print("\(configuration.id)  \(result.termination.rawValue)  turns=\(result.turnCount)  flags=[\(flags)]")
        }
        print("\n\(configurations.count) episodes with the \(agent.rawValue) agent")
        print("terminations: " + terminations.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        print(
            "flags: "
                + (flagCounts.isEmpty
                    ? "none" : flagCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
    }
}
