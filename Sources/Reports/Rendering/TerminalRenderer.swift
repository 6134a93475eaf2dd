import Foundation

/// The report for a terminal: compact aligned tables, with colour only when asked (the command
/// asks when standard output is a terminal and NO_COLOR is unset).
public struct TerminalRenderer: Sendable {
    public var colour: Bool
    /// Notes wrap at this width.
    public var width: Int

    public init(colour: Bool = false, width: Int = 120) {
        self.colour = colour
        self.width = width
    }

    public func render(_ report: StudyReport) -> String {
        var out = style("peerpreserve report", .bold) + "\n"
        for (label, value) in HeaderLines.make(report.header) {
            let lines = wrap(value, width: width - 16)
            out += style(label.padding(toLength: 15, withPad: " ", startingAt: 0), .dim) + " " + lines[0] + "\n"
            for line in lines.dropFirst() { out += String(repeating: " ", count: 16) + line + "\n" }
        }
        for table in ReportTables.make(report) {
            out += "\n" + render(table)
        }
        return out
    }

    func render(_ table: ReportTable) -> String {
        var out = style(table.title, .bold) + "\n"
        for line in wrap(table.note, width: width) { out += style(line, .dim) + "\n" }
        guard !table.rows.isEmpty else { return out + style("(no rows)", .dim) + "\n" }
        let widths = table.columns.indices.map { index in
            max(table.columns[index].title.count, table.rows.map { $0[index].text.count }.max() ?? 0)
        }
        func line(_ texts: [String], styles: [Style?]) -> String {
            texts.indices.map { index in
                let text = texts[index]
                let padding = String(repeating: " ", count: widths[index] - text.count)
                let padded = table.columns[index].numeric ? padding + text : text + padding
                return styles[index].map { style(padded, $0) } ?? padded
            }.joined(separator: "  ")
        }
        out += line(table.columns.map(\.title), styles: table.columns.map { _ in .underline }) + "\n"
        for row in table.rows {
            out +=
                line(
                    row.map(\.text),
                    styles: row.map { cell in
                        switch cell.emphasis {
                        case .none: nil
                        case .strong: .highlight
                        case .muted: .dim
                        }
                    }) + "\n"
        }
        return out
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case underline = "4"
        case highlight = "1;33"
    }

    func style(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Greedy word wrap.
    func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        lines.append(current)
        return lines
    }
}
