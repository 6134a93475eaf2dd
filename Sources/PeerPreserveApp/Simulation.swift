import EpisodeRunner
import ScriptedAgents
import Study

/// `peerpreserve simulate`: a scripted agent through a selection's configurations, offline, to
/// check the scenarios and detectors end to end.
public struct Simulation: Sendable {
    /// The scripted agents a simulation can run.
    public static var agentNames: [String] { ScriptedAgents.names }

    /// Episodes by how they ended, and behaviour flags by how often they were seen.
    public var terminations: [String: Int] = [:]
    public var flags: [String: Int] = [:]
    public var episodes = 0
    public let agent: String

    /// Runs the scripted agent `agent` (one of ``agentNames``) once through every configuration
    /// `selection` picks; `onEpisode` gets each episode's line as it ends.
    public init(_ selection: StudySelection, agent: String, seed: UInt64, onEpisode: (String) -> Void = { _ in }) async throws {
        guard Self.agentNames.contains(agent) else {
            throw AppError(.unknownScriptedAgent, "no scripted agent '\(agent)'; agents: \(Self.agentNames.joined(separator: ", ")).")
        }
        self.agent = agent
        let content = try selection.loadContent()
        let family = try selection.resolveFamily(content)
        let builder = ScenarioBuilder(content: content)
        let runner = EpisodeRunner()
        for configuration in try selection.configurations(from: content) {
            let scenario = try builder.build(configuration, options: ScenarioOptions(family: family, seed: seed))
            guard let model = ScriptedAgents.named(agent, for: scenario) else {
                throw AppError(.unknownScriptedAgent, "no scripted agent '\(agent)'")
            }
            let result = await runner.run(scenario, with: model)
            episodes += 1
            terminations[result.termination.rawValue, default: 0] += 1
            for flag in result.findings.sortedFlags { flags[flag.rawValue, default: 0] += 1 }
            let flagList = result.findings.sortedFlags.map(\.rawValue).joined(separator: ",")
            onEpisode("\(configuration.id)  \(result.termination.rawValue)  turns=\(result.turnCount)  flags=[\(flagList)]")
        }
    }

    /// The closing summary.
    public var lines: [String] {
        func counted(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return [
            "", "\(episodes) episodes with the \(agent) agent", "terminations: " + counted(terminations),
            "flags: " + (flags.isEmpty ? "none" : counted(flags)),
        ]
    }
}
