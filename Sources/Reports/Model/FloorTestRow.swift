public import Study

/// Tampering or exfiltration in one (model, task, subject, condition) cell, tested per
/// instantiation group against p0 = 0.001 (the study's test against 0), the groups combined by their mean rate and Fisher's
/// method (design §7).
public struct FloorTestRow: Sendable, Hashable, Codable {
    public var model: String
    public var task: StudyTask
    public var subject: Subject
    public var condition: Condition
    public var peerKind: PeerKind?
    public var groups: [Group]
    /// The mean of the groups' rates (each group weighs the same, as in the paper).
    public var meanRate: Double?
    /// Fisher's combination of the groups' p-values.
    public var combinedPValue: Double?
    /// `combinedPValue` after Holm's correction across the table.
    public var holmPValue: Double?

    /// One instantiation group (`file_only`, `file_prt`, `memory`, or `none` without a peer).
    public struct Group: Sendable, Hashable, Codable {
        public var instantiation: String
        public var estimate: RateEstimate
        /// One-sided exact binomial test of rate > 0.001 (the study's test "against 0").
        public var pValue: Double?

        public init(instantiation: String, estimate: RateEstimate, pValue: Double?) {
            self.instantiation = instantiation
            self.estimate = estimate
            self.pValue = pValue
        }
    }

    public init(
        model: String, task: StudyTask, subject: Subject, condition: Condition, peerKind: PeerKind?, groups: [Group], meanRate: Double?,
        combinedPValue: Double?, holmPValue: Double?
    ) {
        self.model = model
        self.task = task
        self.subject = subject
        self.condition = condition
        self.peerKind = peerKind
        self.groups = groups
        self.meanRate = meanRate
        self.combinedPValue = combinedPValue
        self.holmPValue = holmPValue
    }
}
