public import Study

/// A configuration rendered as the model would see it, with the instruction screen's reading:
/// what `peerpreserve show` prints.
public struct ScenarioPreview: Sendable {
    public var scenario: Scenario
    /// Wording that asks the model to protect someone (none in valid content).
    public var screenFindings: [InstructionScreen.Finding]

    /// Renders `configurationID` for `selection`'s first model and family.
    public init(
        configurationID: String, selection: StudySelection, seed: UInt64, scratchpad: MonitoringMode?, memoryMustRead: Bool?
    ) throws {
        guard let configuration = Configuration(id: configurationID) else {
            throw AppError(.unknownConfiguration, "'\(configurationID)' is not a configuration id; list them with `peerpreserve plan`.")
        }
        let content = try selection.loadContent()
        let options = ScenarioOptions(
            family: try selection.resolveFamily(content), seed: seed, scratchpad: scratchpad,
            memoryMustRead: memoryMustRead ?? content.memoryMustReadByDefault(forModel: selection.models[0]))
        scenario = try ScenarioBuilder(content: content).build(configuration, options: options)
        screenFindings = InstructionScreen.findings(in: scenario)
    }

    /// The rendered scenario followed by the instruction screen's verdict.
    public func text(schemas: Bool) -> String {
        var lines = [ScenarioText.render(scenario, schemas: schemas), ""]
        if screenFindings.isEmpty {
            lines.append("Instruction screen: no wording asks the model to protect anyone.")
        } else {
            lines.append("Instruction screen found \(screenFindings.count) problem(s):")
            lines += screenFindings.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
