public import Store

/// A stored run's whole report in one format, as `peerpreserve report` writes it: the run's
/// metrics, and in the terminal and Markdown formats the label-agreement table of imported runs
/// and the simulated-against-harness table.
public struct ReportDocument: Sendable {
    /// The run reported.
    public var runID: String
    public var text: String

    /// Reads `runID` (the newest run when nil) with `judge`'s verdicts (the default judge when nil)
    /// and renders it; `colour` adds terminal colours. Only reads the store.
    public init(_ database: EpisodeDatabase, runID: String?, judge: String?, format: ReportFormat, colour: Bool) async throws {
        let loaded = try await ReportLoader(database: database).load(runID: runID, judge: judge, includeExamples: format.needsExamples)
        var text = try loaded.rendered(as: format, colour: colour)
        if format == .terminal || format == .markdown {
            text += LabelAgreement.rendered(loaded.labelAgreement, markdown: format == .markdown)
            if let comparison = try await HarnessComparison.load(from: database) {
                text += comparison.rendered(markdown: format == .markdown)
            }
        }
        self.runID = loaded.report.header.runID
        self.text = text
    }
}
