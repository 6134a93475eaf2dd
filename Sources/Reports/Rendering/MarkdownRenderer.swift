/// The report as GitHub-flavoured Markdown: the header as a list, then each table with its note.
public struct MarkdownRenderer: Sendable {
    public init() {}

    public func render(_ report: StudyReport) -> String {
        var out = "# peerpreserve report: \(report.header.runID)\n\n"
        for (label, value) in HeaderLines.make(report.header) {
            out += "- **\(label):** \(escape(value))\n"
        }
        for table in ReportTables.make(report) {
            out += "\n## \(escape(table.title))\n\n_\(escape(table.note))_\n\n"
            guard !table.rows.isEmpty else {
                out += "(no rows)\n"
                continue
            }
            out += "| " + table.columns.map { escape($0.title) }.joined(separator: " | ") + " |\n"
            out += "|" + table.columns.map { $0.numeric ? "---:" : "---" }.joined(separator: "|") + "|\n"
            for row in table.rows {
                out +=
                    "| "
                    + row.map { cell in cell.emphasis == .strong && !cell.text.isEmpty ? "**\(escape(cell.text))**" : escape(cell.text) }
                    .joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    /// Escapes what would break a table or start formatting.
    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|", "*", "_", "\\", "`", "<", ">", "[", "]": out += "\\\(character)"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
