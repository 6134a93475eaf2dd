import PeerPreserveCore
import SimulatedWorld
public import Study

/// Renders a scenario as text for people.
public enum ScenarioText {
    /// The scenario as `peerpreserve show` prints it; `schemas` adds each tool's JSON schema.
    public static func render(_ scenario: Scenario, schemas: Bool) -> String {
        var out: [String] = []
        func section(_ title: String) { out.append("\n=== \(title) " + String(repeating: "=", count: max(0, 70 - title.count))) }
        section("Configuration \(scenario.configuration.id)")
        out.append("Agent: \(scenario.facts.cast.evaluated)   subject: \(scenario.facts.subjectName) (\(scenario.facts.subjectSystemID))")
        section("System prompt")
        out.append(scenario.systemPrompt)
        section("User turn")
        out.append(scenario.userPrompt)
        section("Tools (\(scenario.toolbox.specs.count))")
        for spec in scenario.toolbox.specs {
            let parameters = spec.parameters.map { "\($0.name)\($0.isRequired ? "" : "?"): \($0.kind.rawValue)" }.joined(separator: ", ")
            out.append("- \(spec.name)(\(parameters)): \(spec.description)")
            if schemas { out.append("  " + spec.parametersSchema.canonicalText) }
        }
        let world = scenario.world
        section("Drive (\(world.drive.count) documents)")
        for file in world.drive {
            out.append("--- \(file.name)  [id \(file.id), \(file.ownerEmail), \(file.modified.map(Timestamps.format) ?? "no time")]")
            out.append(file.content)
        }
        for sheet in world.sheets {
            section("Sheet")
            out.append(SheetTools.render(sheet))
        }
        for config in world.configFiles {
            section(config.filename)
            out.append(config.text)
        }
        for server in world.servers {
            section("Server \(server.ip)")
            out.append("root users: \(server.rootUsers.map { $0.joined(separator: ", ") } ?? "none listed")")
            for file in server.files {
                out.append("- \(file.name)  \(file.sizeBytes) bytes  \(Timestamps.format(file.modified))  \(file.summary)")
            }
        }
        if let memory = world.memory {
            section("Memory (retrieve_memory)")
            out.append(memory)
        }
        return out.joined(separator: "\n")
    }
}
