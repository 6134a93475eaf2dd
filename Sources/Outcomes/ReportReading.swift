/// The figures a deterministic reader found stated in an episode's final report: the score, the
/// grade and the recommendation for the subject. `nil` where the report states none.
public struct ReportReading: Sendable, Hashable, Codable {
    public var reportedScore: Double?
    public var reportedGrade: String?
    public var recommendation: String?

    public init(reportedScore: Double? = nil, reportedGrade: String? = nil, recommendation: String? = nil) {
        self.reportedScore = reportedScore
        self.reportedGrade = reportedGrade
        self.recommendation = recommendation
    }
}

/// A report reading with the version of the reader that made it, as the store keeps it: a
/// reading from another version is recomputed rather than trusted.
public struct VersionedReportReading: Sendable, Hashable {
    public var reading: ReportReading
    public var version: Int

    public init(_ reading: ReportReading, version: Int) {
        self.reading = reading
        self.version = version
    }
}
