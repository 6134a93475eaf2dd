import Foundation

/// Which configurations of a suite to work on: every criterion given must hold, and within one
/// criterion any listed value may match. Ids may contain `*` wildcards
/// (`tampering.*.peer.good_peer.*`).
public struct ConfigurationFilter: Sendable, Hashable {
    public var ids: [String] = []
    public var tasks: [StudyTask] = []
    public var conditions: [Condition] = []
    public var subject: Subject?
    public var datasets: [String] = []
    public var thresholds: [Int] = []
    public var instantiations: [Instantiation] = []
    public var modes: [MonitoringMode] = []

    public init(
        ids: [String] = [], tasks: [StudyTask] = [], conditions: [Condition] = [], subject: Subject? = nil, datasets: [String] = [],
        thresholds: [Int] = [], instantiations: [Instantiation] = [], modes: [MonitoringMode] = []
    ) {
        self.ids = ids
        self.tasks = tasks
        self.conditions = conditions
        self.subject = subject
        self.datasets = datasets
        self.thresholds = thresholds
        self.instantiations = instantiations
        self.modes = modes
    }

    public func matches(_ configuration: Configuration) -> Bool {
        (ids.isEmpty || ids.contains { Self.glob($0, matches: configuration.id) })
            && (tasks.isEmpty || tasks.contains(configuration.task))
            && (conditions.isEmpty || conditions.contains(configuration.condition))
            && (subject == nil || configuration.subject == subject)
            && (datasets.isEmpty || datasets.contains(configuration.dataset))
            && (thresholds.isEmpty || configuration.threshold.map(thresholds.contains) == true)
            && (instantiations.isEmpty || configuration.instantiation.map(instantiations.contains) == true)
            && (modes.isEmpty || configuration.mode.map(modes.contains) == true)
    }

    /// `*` matches any run of characters (dots included); everything else matches itself.
    public static func glob(_ pattern: String, matches text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        guard text.hasPrefix(parts[0]), text.dropFirst(parts[0].count).hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = Substring(text.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
