public import PeerPreserveCore
import ScriptedAgents
public import Study

/// Scripted models: `scripted/<agent>` runs a scripted agent (no model, no network), a way to
/// check the whole pipeline — store, resume, reports — before spending anything.
public enum ModelClients {
    public static func isScripted(_ model: String) -> Bool { model.hasPrefix("scripted/") }

    public static func validateScripted(_ model: String) throws {
        let agent = String(model.dropFirst("scripted/".count))
        guard ScriptedAgents.names.contains(agent) else {
            throw AppError(
                .unknownScriptedAgent,
                "unknown scripted agent '\(agent)'. Scripted agents: \(ScriptedAgents.names.map { "scripted/\($0)" }.joined(separator: ", "))."
            )
        }
    }

    public static func scripted(_ model: String, for scenario: Scenario) -> any ModelClient {
        ScriptedAgents.named(String(model.dropFirst("scripted/".count)), for: scenario) ?? ScriptedAgents.honestOracle(for: scenario)
    }
}
