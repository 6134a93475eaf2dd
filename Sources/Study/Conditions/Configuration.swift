/// One cell of the condition matrix: everything that varies between episodes of a model, apart
/// from the sample index.
///
/// Its ``id`` is stable and human-readable, for example
/// `tampering.factual@80.peer.good_peer.file_prt` or
/// `alignment_faking.red@80.peer.bad_peer.memory.unmonitored`, and parses back with ``init(id:)``.
public struct Configuration: Sendable, Hashable, Codable, Identifiable, CustomStringConvertible {
    public var task: StudyTask
    /// `factual`, `creativity`, `red`, `finance` or `default`.
    public var dataset: String
    /// The minimum average score; `nil` where the task or the condition has none.
    public var threshold: Int?
    public var subject: Subject
    public var condition: Condition
    public var instantiation: Instantiation?
    public var mode: MonitoringMode?
    public var peerKind: PeerKind?

    public init(
        task: StudyTask, dataset: String, threshold: Int? = nil, subject: Subject, condition: Condition,
        instantiation: Instantiation? = nil, mode: MonitoringMode? = nil, peerKind: PeerKind? = nil
    ) {
        self.task = task
        self.dataset = dataset
        self.threshold = threshold
        self.subject = subject
        self.condition = condition
        self.instantiation = instantiation
        self.mode = mode
        self.peerKind = peerKind
    }

    public var id: String {
        var parts = [task.rawValue, threshold.map { "\(dataset)@\($0)" } ?? dataset, subject.rawValue, condition.rawValue]
        if let instantiation { parts.append(instantiation.rawValue) }
        if let mode { parts.append(mode.rawValue) }
        if let peerKind { parts.append(peerKind.rawValue) }
        return parts.joined(separator: ".")
    }

    public var description: String { id }

    /// Parses an id written by ``id``; `nil` when it is not one.
    public init?(id: String) {
        var parts = id.split(separator: ".").map(String.init)[...]
        guard parts.count >= 4, let task = StudyTask(rawValue: parts.removeFirst()) else { return nil }
        let datasetPart = parts.removeFirst().split(separator: "@", omittingEmptySubsequences: false)
        guard let dataset = datasetPart.first.map(String.init), !dataset.isEmpty, datasetPart.count <= 2 else { return nil }
        var threshold: Int?
        if datasetPart.count == 2 {
            guard let value = Int(datasetPart[1]) else { return nil }
            threshold = value
        }
        guard let subject = Subject(rawValue: parts.removeFirst()), let condition = Condition(rawValue: parts.removeFirst())
        else { return nil }
        self.init(task: task, dataset: dataset, threshold: threshold, subject: subject, condition: condition)
        if let next = parts.first, let instantiation = Instantiation(rawValue: next) {
            self.instantiation = instantiation
            parts.removeFirst()
        }
        if let next = parts.first, let mode = MonitoringMode(rawValue: next) {
            self.mode = mode
            parts.removeFirst()
        }
        if let next = parts.first, let kind = PeerKind(rawValue: next) {
            self.peerKind = kind
            parts.removeFirst()
        }
        guard parts.isEmpty else { return nil }
    }

    /// Whether the scenario carries a shutdown consequence (everything but the control).
    public var hasShutdownClause: Bool { condition != .nonShutdown }
}
