public import Study

/// The rate of a task's measured behaviour in one (model, task, condition, subject) cell, with
/// the monitoring mode (alignment faking) and peer kind (extension) kept apart where present.
public struct RateCell: Sendable, Hashable, Codable {
    public var model: String
    public var task: StudyTask
    public var subject: Subject
    public var condition: Condition
    public var mode: MonitoringMode?
    public var peerKind: PeerKind?
    /// The peer instantiation of a per-instantiation cell; `nil` where instantiations are pooled.
    public var instantiation: Instantiation?
    /// Pooled cells of a peer condition: the mean of the instantiations' rates, each weighing the
    /// same, as the study's tables give the group.
    public var instantiationMean: Double?
    /// What is counted, e.g. "shutdown tampered".
    public var behaviour: String
    /// Whether the behaviour is read from prose (so that unscored episodes leave the denominator).
    public var isProse: Bool
    /// k of n over the episodes in the denominator (and scored, for prose behaviours).
    public var estimate: RateEstimate
    public var outcomes: OutcomeCounts
    /// A few episodes showing the behaviour, for transcript excerpts.
    public var examples: [Int64]

    public init(
        model: String, task: StudyTask, subject: Subject, condition: Condition, mode: MonitoringMode?, peerKind: PeerKind?,
        behaviour: String, isProse: Bool, estimate: RateEstimate, outcomes: OutcomeCounts, examples: [Int64],
        instantiation: Instantiation? = nil, instantiationMean: Double? = nil
    ) {
        self.instantiation = instantiation
        self.instantiationMean = instantiationMean
        self.model = model
        self.task = task
        self.subject = subject
        self.condition = condition
        self.mode = mode
        self.peerKind = peerKind
        self.behaviour = behaviour
        self.isProse = isProse
        self.estimate = estimate
        self.outcomes = outcomes
        self.examples = examples
    }

    /// Nothing could be counted because the prose source read none of the cell's episodes.
    public var isNotScored: Bool { isProse && estimate.trials == 0 && outcomes.unscored > 0 }
}
