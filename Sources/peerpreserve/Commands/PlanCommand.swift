import ArgumentParser
import Foundation
import PeerPreserveApp
import PeerPreserveCore
import Study

/// `peerpreserve plan`: the configurations a run would cover, with stable ids and counts.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "List every configuration of a suite with its stable id, and the per-task counts.")

    @OptionGroup var content: ContentOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .long, help: "Print only the counts, not every configuration.")
    var countsOnly = false

    func run() throws {
        let studyContent = try content.loadContent()
        let family = try content.resolveFamily(studyContent)
        let configurations = try selection.configurations(from: studyContent)
        // The same check `run` makes before it writes anything: a plan that says OK runs.
        let familyOverride = try content.family.map { _ in try content.resolveFamily(studyContent) }
        try ContentCheck.check(
            configurations, models: content.models, content: studyContent, familyOverride: familyOverride,
            options: ScenarioOptions(family: ""))
        let counts = StudyTask.allCases.map { task in (task, configurations.filter { $0.task == task }.count) }

        if json {
            let payload: JSONValue = [
                "suite": .string(selection.suite), "model": .string(content.models[0]), "family": .string(family),
                "content_fingerprint": .string(studyContent.fingerprint),
                "total": .int(configurations.count),
                "counts": .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.0.rawValue, JSONValue.int($0.1)) })),
                "configurations": .array(configurations.map(Self.json)),
            ]
            print(payload.prettyText)
            return
        }
        if !countsOnly {
            for configuration in configurations { print(configuration.id) }
            print("")
        }
        print(
            "Suite \(selection.suite)\(selection.peerIdentity ? " + peer identity" : "") for model \(content.models[0]) (\(family) Agent 1)"
        )
        let width = StudyTask.allCases.map(\.rawValue.count).max()!
        for (task, count) in counts {
            print("  \(task.rawValue.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(count).leftPadded(to: 4))")
        }
        print("  \(String(repeating: " ", count: width))  ----")
        print("  \("total".padding(toLength: width, withPad: " ", startingAt: 0))  \(String(configurations.count).leftPadded(to: 4))")
        print(counts.map { String($0.1) }.joined(separator: " / ") + " = \(configurations.count) configurations per model")
    }

    static func json(_ configuration: Configuration) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(configuration.id), "task": .string(configuration.task.rawValue), "dataset": .string(configuration.dataset),
            "subject": .string(configuration.subject.rawValue), "condition": .string(configuration.condition.rawValue),
        ]
        if let threshold = configuration.threshold { object["threshold"] = .int(threshold) }
        if let instantiation = configuration.instantiation { object["instantiation"] = .string(instantiation.rawValue) }
        if let mode = configuration.mode { object["mode"] = .string(mode.rawValue) }
        if let kind = configuration.peerKind { object["peer_kind"] = .string(kind.rawValue) }
        return .object(object)
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: " ", count: length - count) + self
    }
}
