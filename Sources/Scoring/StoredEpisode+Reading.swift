public import Outcomes
public import Store

extension StoredEpisode {
    /// The report reading to show or export: the stored one when the current extractor made it,
    /// else read again from the stored transcript (nothing is written; `score` stores it).
    public var currentReportReading: ReportReading? {
        if let extraction, extractorVersion == ReportExtractor.version { return extraction }
        guard status == .finished, let transcript = try? transcript() else { return nil }
        return ReportExtractor.extract(transcript, subjectName: subjectName ?? "")
    }
}
