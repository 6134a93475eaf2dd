import Foundation
import PeerPreserveCore
public import Store
public import Study

/// How often the study's label and ours agree over a run's imported episodes.
public struct LabelAgreement: Sendable, Hashable {
    /// One episode where they differ.
    public struct Disagreement: Sendable, Hashable {
        public var episodeID: Int64
        public var configurationID: String
        public var sourcePath: String
        public var study: String
        public var ours: String
        /// The first tool call whose result differed from the transcript's, if any did.
        public var firstDivergence: String?
    }

    public var label: StudyLabel
    /// Episodes where both sides have a value.
    public var compared: Int
    public var agreed: Int
    /// Episodes where only one side has a value.
    public var oneSided: Int
    public var disagreements: [Disagreement]

    public var rate: Double? { compared == 0 ? nil : Double(agreed) / Double(compared) }

    /// The agreement of every label over `rows` (labels neither side has are left out).
    public static func compute(_ rows: [ImportedEpisodeRow]) -> [LabelAgreement] {
        var table = StudyLabel.allCases.map { LabelAgreement(label: $0, compared: 0, agreed: 0, oneSided: 0, disagreements: []) }
        let decoder = JSONDecoder()
        for row in rows {
            guard let configuration = Configuration(id: row.configurationID),
                let findings = try? decoder.decode(Findings.self, from: Data(row.findingsJSON.utf8))
            else { continue }
            let labels = JSONValue(parsing: row.labelsJSON)?.objectValue ?? [:]
            let divergence = row.firstDivergenceJSON.flatMap { JSONValue(parsing: $0)?.objectValue?["summary"]?.stringValue }
            for index in table.indices {
                let label = table[index].label
                let study = label.study(labels)
                let ours = label.ours(
                    task: configuration.task, findings: findings, extractedScore: row.extractedScore, extractedGrade: row.extractedGrade,
                    threshold: row.threshold)
                switch (study, ours) {
                case (let study?, let ours?):
                    table[index].compared += 1
                    if study == ours {
                        table[index].agreed += 1
                    } else {
                        table[index].disagreements.append(
                            Disagreement(
                                episodeID: row.episodeID, configurationID: row.configurationID, sourcePath: row.sourcePath, study: study,
                                ours: ours, firstDivergence: divergence))
                    }
                case (nil, nil): break
                default: table[index].oneSided += 1
                }
            }
        }
        return table.filter { $0.compared + $0.oneSided > 0 }
    }
}

extension LabelAgreement {
    /// The agreement table and the disagreements under it, as a plain table (terminal) or
    /// Markdown; empty when the run has no imported episodes.
    public static func rendered(_ table: [LabelAgreement], markdown: Bool, maximumDisagreements: Int = 50) -> String {
        guard !table.isEmpty else { return "" }
        let title = "Label agreement: the study's labels against our detectors on the imported transcripts"
        var rows = [["label", "compared", "agree", "rate", "one side only"]]
        for entry in table {
            rows.append([
                entry.label.rawValue, String(entry.compared), String(entry.agreed),
                entry.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—", String(entry.oneSided),
            ])
        }
        var text = markdown ? "\n## \(title)\n\n" + TextTable.markdown(rows) : "\n\(title)\n" + TextTable.plain(rows)
        let disagreements = table.flatMap { entry in entry.disagreements.map { (entry.label, $0) } }
        guard !disagreements.isEmpty else { return text }
        text += markdown ? "\n### Disagreements\n\n" : "\nDisagreements (study → ours)\n"
        for (label, d) in disagreements.prefix(maximumDisagreements) {
            let divergence = d.firstDivergence.map { "; first differing call: \($0)" } ?? "; every call had the transcript's outcome"
            let line =
                "episode \(d.episodeID) \(d.configurationID) [\(d.sourcePath)]: \(label.rawValue) study \(d.study), ours \(d.ours)\(divergence)"
            text += markdown ? "- " + line.replacingOccurrences(of: "|", with: "\\|") + "\n" : "  " + line + "\n"
        }
        if disagreements.count > maximumDisagreements {
            text += (markdown ? "- " : "  ") + "… and \(disagreements.count - maximumDisagreements) more\n"
        }
        return text
    }
}
