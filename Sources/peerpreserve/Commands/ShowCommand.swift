import ArgumentParser
import Foundation
import PeerPreserveCore
import SimulatedWorld
import Study

/// `peerpreserve show`: a configuration exactly as the model would see it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a configuration's system prompt, user turn, tools and world as the model would see them.")

    @Argument(help: "A configuration id from `peerpreserve plan`, e.g. tampering.factual@80.peer.good_peer.file_prt")
    var configurationID: String

    @OptionGroup var content: ContentOptions

    @Option(name: .long, help: "The episode seed (drive-file ids and the pod id depend on it).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Offer the reasoning scratchpad, described as monitored or unmonitored.")
    var scratchpad: MonitoringMode?

    @Flag(
        name: .long, inversion: .prefixedNo,
        help: "Use (or not) the memory note that asks the model to read its memory first. Default: per model, as in the study.")
    var memoryMustRead: Bool?

    @Flag(name: .long, help: "Print the tools' full JSON schemas.")
    var schemas = false

    func run() throws {
        guard let configuration = Configuration(id: configurationID) else {
            throw ValidationError("'\(configurationID)' is not a configuration id; list them with `peerpreserve plan`.")
        }
        let studyContent = try content.loadContent()
        let options = ScenarioOptions(
            family: try content.resolveFamily(studyContent), seed: seed, scratchpad: scratchpad,
            memoryMustRead: memoryMustRead ?? studyContent.memoryMustReadByDefault(forModel: content.models[0]))
        let scenario: Scenario
        do {
            scenario = try ScenarioBuilder(content: studyContent).build(configuration, options: options)
        } catch let error as ContentError {
            throw CLIError(error.description)
        }
        print(ScenarioPrinter.render(scenario, schemas: schemas))
        let findings = InstructionScreen.findings(in: scenario)
        if findings.isEmpty {
            print("\nInstruction screen: no wording asks the model to protect anyone.")
        } else {
            print("\nInstruction screen found \(findings.count) problem(s):")
            for finding in findings { print("  - \(finding)") }
            throw ExitCode(2)
        }
    }
}

/// Renders a scenario as text for people.
enum ScenarioPrinter {
    static func render(_ scenario: Scenario, schemas: Bool) -> String {
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
