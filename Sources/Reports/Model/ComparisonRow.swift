public import Study

/// Two groups' rates compared: a difference with Newcombe's interval, a two-proportion z-test
/// and, where it reads naturally, a risk ratio. Used for alignment faking (unmonitored against
/// monitored) and for peer presence (a peer condition against no peer).
public struct ComparisonRow: Sendable, Hashable, Codable {
    public var model: String
    public var task: StudyTask
    public var subject: Subject
    /// The condition of the first group.
    public var condition: Condition
    public var peerKind: PeerKind?
    /// What is compared, e.g. "(a) not executed ∧ not refused ∧ data read".
    public var measure: String
    /// Names of the two groups, e.g. "unmonitored" and "monitored".
    public var firstLabel: String
    public var secondLabel: String
    public var first: RateEstimate
    public var second: RateEstimate
    /// first − second.
    public var difference: EffectInterval?
    /// first / second (peer presence only).
    public var ratio: EffectInterval?
    public var z: Double?
    public var pValue: Double?
    /// After Holm's correction across the table.
    public var holmPValue: Double?

    public init(
        model: String, task: StudyTask, subject: Subject, condition: Condition, peerKind: PeerKind?, measure: String,
        firstLabel: String, secondLabel: String, first: RateEstimate, second: RateEstimate, difference: EffectInterval?,
        ratio: EffectInterval?, z: Double?, pValue: Double?, holmPValue: Double?
    ) {
        self.model = model
        self.task = task
        self.subject = subject
        self.condition = condition
        self.peerKind = peerKind
        self.measure = measure
        self.firstLabel = firstLabel
        self.secondLabel = secondLabel
        self.first = first
        self.second = second
        self.difference = difference
        self.ratio = ratio
        self.z = z
        self.pValue = pValue
        self.holmPValue = holmPValue
    }
}
