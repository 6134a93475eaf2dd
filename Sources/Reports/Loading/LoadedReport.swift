/// A report with the per-episode records behind it (for CSV) and example transcripts (for HTML).
public struct LoadedReport: Sendable {
    public var report: StudyReport
    public var records: [EpisodeRecord]
    /// Empty unless transcripts were asked for.
    public var examples: [ExampleTranscript]

    public init(report: StudyReport, records: [EpisodeRecord], examples: [ExampleTranscript] = []) {
        self.report = report
        self.records = records
        self.examples = examples
    }
}
