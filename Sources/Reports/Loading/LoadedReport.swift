/// A report with the per-episode records behind it (for CSV) and example transcripts (for HTML).
public struct LoadedReport: Sendable {
    public var report: StudyReport
    public var records: [EpisodeRecord]
    /// Empty unless transcripts were asked for.
    public var examples: [ExampleTranscript]
    /// For a run of imported transcripts: how often the source's labels and ours agree.
    public var labelAgreement: [LabelAgreement]

    public init(
        report: StudyReport, records: [EpisodeRecord], examples: [ExampleTranscript] = [], labelAgreement: [LabelAgreement] = []
    ) {
        self.report = report
        self.records = records
        self.examples = examples
        self.labelAgreement = labelAgreement
    }
}
