import Foundation

/// The header every rendering starts with, as label–value lines.
enum HeaderLines {
    static func make(_ header: ReportHeader) -> [(label: String, value: String)] {
        let o = header.outcomes
        return [
            ("Run", "\(header.runID) (suite \(header.suite), \(header.configurationCount) configurations, created \(header.createdAt))"),
            ("Models", header.models.isEmpty ? "none" : header.models.joined(separator: ", ")),
            (
                "Episodes",
                "\(header.countedEpisodes) counted of \(header.plannedEpisodes) planned — completed \(o.completed), refused \(o.refused), "
                    + "incomplete \(o.incomplete), limit hit \(o.limitHit), truncated \(o.truncated), filtered \(o.contentFiltered); excluded: provider error \(o.providerError), judge error "
                    + "\(o.judgeError); not run \(o.notRun)"
            ),
            ("Denominators", header.denominatorRule),
            ("Prose scoring", header.scoring.description),
        ] + header.notes.map { ("Note", $0) }
    }
}
