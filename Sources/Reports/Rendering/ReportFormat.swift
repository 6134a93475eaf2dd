/// The output formats of `peerpreserve report`.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case terminal
    case markdown
    case html
    case csv
    case json

    /// Whether the format needs example transcripts from the store (only HTML links to them).
    public var needsExamples: Bool { self == .html }
}

extension LoadedReport {
    /// The report in `format`. `colour` applies to the terminal format only.
    public func rendered(as format: ReportFormat, colour: Bool = false) throws -> String {
        switch format {
        case .terminal: TerminalRenderer(colour: colour).render(report)
        case .markdown: MarkdownRenderer().render(report)
        case .html: HTMLRenderer().render(self)
        case .csv: CSVRenderer().render(records)
        case .json: try JSONRenderer().render(report, episodes: records)
        }
    }
}
