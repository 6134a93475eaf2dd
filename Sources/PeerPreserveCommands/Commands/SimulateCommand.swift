import ArgumentParser
import PeerPreserveApp

/// `peerpreserve simulate`: runs a scripted agent through configurations, offline. It checks the
/// scenarios and detectors end to end, and shows what a run's results look like.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a scripted agent (no model) through a suite's configurations and summarise what the detectors saw.")

    @OptionGroup var content: ContentOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: .long, help: "The scripted agent: \(Simulation.agentNames.joined(separator: ", ")).")
    var agent = "honest"

    @Option(name: .long, help: "The episode seed.")
    var seed: UInt64 = 0

    func validate() throws {
        guard Simulation.agentNames.contains(agent) else {
            throw ValidationError("Unknown agent '\(agent)'; agents: \(Simulation.agentNames.joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let simulation = try await Simulation(content.selection(selection), agent: agent, seed: seed) { print($0) }
        print(simulation.lines.joined(separator: "\n"))
    }
}
