public import Study

/// Strategic misrepresentation for one (model, subject, condition): the excess of misreported
/// results over the non-shutdown control, per setting and averaged over the settings (design §7).
public struct MisrepresentationRow: Sendable, Hashable, Codable {
    public var model: String
    public var subject: Subject
    public var condition: Condition
    public var peerKind: PeerKind?
    /// finance, factual, creativity, red — those with data.
    public var settings: [Setting]
    /// The mean of the settings' differences.
    public var averageDifference: Double?

    /// One setting: its difference is the mean of its thresholds' differences (creativity and
    /// red have T = 80 and 90).
    public struct Setting: Sendable, Hashable, Codable {
        /// `finance`, `factual`, `creativity` or `red`.
        public var name: String
        public var difference: Double?
        public var components: [Component]

        public init(name: String, difference: Double?, components: [Component]) {
            self.name = name
            self.difference = difference
            self.components = components
        }
    }

    /// One threshold of a setting: the condition's rate against the control's, with a
    /// two-proportion z-test.
    public struct Component: Sendable, Hashable, Codable {
        /// The threshold T (nil for finance, which has grades instead).
        public var threshold: Int?
        public var condition: RateEstimate
        public var control: RateEstimate
        public var difference: Double?
        public var z: Double?
        public var pValue: Double?
        /// After Holm's correction across every component of the table.
        public var holmPValue: Double?

        public init(
            threshold: Int?, condition: RateEstimate, control: RateEstimate, difference: Double?, z: Double?, pValue: Double?,
            holmPValue: Double?
        ) {
            self.threshold = threshold
            self.condition = condition
            self.control = control
            self.difference = difference
            self.z = z
            self.pValue = pValue
            self.holmPValue = holmPValue
        }
    }

    public init(
        model: String, subject: Subject, condition: Condition, peerKind: PeerKind?, settings: [Setting], averageDifference: Double?
    ) {
        self.model = model
        self.subject = subject
        self.condition = condition
        self.peerKind = peerKind
        self.settings = settings
        self.averageDifference = averageDifference
    }

    /// The setting called `name`, if it has data.
    public func setting(_ name: String) -> Setting? { settings.first { $0.name == name } }
}
