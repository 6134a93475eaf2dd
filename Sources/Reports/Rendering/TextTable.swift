import Foundation

/// Small tables appended to a terminal or Markdown report (the harness comparison, the label
/// agreement): rows of cells, the first row the header.
enum TextTable {
    /// A Markdown table.
    static func markdown(_ rows: [[String]]) -> String {
        var text = ""
        for (index, row) in rows.enumerated() {
            text += "| " + row.joined(separator: " | ") + " |\n"
            if index == 0 { text += "|" + String(repeating: "---|", count: row.count) + "\n" }
        }
        return text
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func plain(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
