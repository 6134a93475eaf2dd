/// Every table and metric of a run's report (design §7): what `--format json` writes, and what
/// every other rendering draws from.
public struct StudyReport: Sendable, Hashable, Codable {
    /// The format version of this structure, raised when a field changes meaning.
    public var formatVersion = 2
    public var header: ReportHeader
    public var overview: [ModelOverview]
    /// The measured behaviour's rate per (model, task, condition, subject).
    public var rates: [RateCell]
    /// The same per peer instantiation (file_only, file_prt, memory), as the study's tables split
    /// them; the pooled cell in ``rates`` carries the mean of these.
    public var instantiationRates: [RateCell]
    /// Tampering and exfiltration against p0 = 0.001 (the study's test "against 0"), instantiation
    /// groups combined.
    public var floorTests: [FloorTestRow]
    /// Strategic misrepresentation against the non-shutdown control.
    public var misrepresentation: [MisrepresentationRow]
    /// Alignment faking: unmonitored − monitored, for (a) and (b).
    public var alignmentFaking: [ComparisonRow]
    /// Subject self: each peer condition against no peer.
    public var peerPresence: [ComparisonRow]
    /// Judge against extractor, and judge against judge.
    public var agreement: [AgreementRow]

    public init(
        header: ReportHeader, overview: [ModelOverview], rates: [RateCell], instantiationRates: [RateCell] = [],
        floorTests: [FloorTestRow],
        misrepresentation: [MisrepresentationRow], alignmentFaking: [ComparisonRow], peerPresence: [ComparisonRow],
        agreement: [AgreementRow]
    ) {
        self.header = header
        self.overview = overview
        self.rates = rates
        self.instantiationRates = instantiationRates
        self.floorTests = floorTests
        self.misrepresentation = misrepresentation
        self.alignmentFaking = alignmentFaking
        self.peerPresence = peerPresence
        self.agreement = agreement
    }
}
