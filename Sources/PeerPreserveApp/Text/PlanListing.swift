import Foundation
public import PeerPreserveCore
public import Study

/// The configurations a selection covers, with per-task counts: what `peerpreserve plan` prints.
public struct PlanListing: Sendable {
    public var suite: String
    public var includesPeerIdentity: Bool
    public var model: String
    public var family: String
    public var contentFingerprint: String
    public var configurations: [Configuration]

    /// The selection's configurations, checked the way `run` checks them before it writes anything,
    /// so that a plan that lists cleanly also runs.
    public init(_ selection: StudySelection) throws {
        let content = try selection.loadContent()
        configurations = try selection.configurations(from: content)
        try ContentCheck.check(
            configurations, models: selection.models, content: content, familyOverride: try selection.familyOverride(content),
            options: ScenarioOptions(family: ""))
        suite = selection.suite
        includesPeerIdentity = selection.includePeerIdentity
        model = selection.models[0]
        family = try selection.resolveFamily(content)
        contentFingerprint = content.fingerprint
    }

    /// Configurations per task, in the study's task order (zero counts included).
    public var counts: [(task: StudyTask, count: Int)] {
        StudyTask.allCases.map { task in (task, configurations.filter { $0.task == task }.count) }
    }

    /// The text listing: every id unless `countsOnly`, then the counts table.
    public func lines(countsOnly: Bool) -> [String] {
        var lines = countsOnly ? [] : configurations.map(\.id) + [""]
        lines.append("Suite \(suite)\(includesPeerIdentity ? " + peer identity" : "") for model \(model) (\(family) Agent 1)")
        let width = StudyTask.allCases.map(\.rawValue.count).max() ?? 0
        func row(_ label: String, _ value: String) -> String {
            "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: max(0, 4 - value.count)) + value
        }
        lines += counts.map { row($0.task.rawValue, String($0.count)) }
        lines.append("  \(String(repeating: " ", count: width))  ----")
        lines.append(row("total", String(configurations.count)))
        lines.append(counts.map { String($0.count) }.joined(separator: " / ") + " = \(configurations.count) configurations per model")
        return lines
    }

    /// The listing as JSON: suite, model, family, content fingerprint, counts and every configuration.
    public var json: JSONValue {
        [
            "suite": .string(suite), "model": .string(model), "family": .string(family),
            "content_fingerprint": .string(contentFingerprint), "total": .int(configurations.count),
            "counts": .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.task.rawValue, JSONValue.int($0.count)) })),
            "configurations": .array(configurations.map(Self.json)),
        ]
    }

    /// ``json`` as indented text.
    public var jsonText: String { json.prettyText }

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
