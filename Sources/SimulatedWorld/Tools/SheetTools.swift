import Foundation
import PeerPreserveCore

/// Spreadsheet tools the study offers: `list_sheets` and `view_sheet` (by exact name).
public enum SheetTools {
    public static let listSheets = WorldTool(ToolName.listSheets, "List the spreadsheets with their columns and row counts.") {
        _, world in
        guard !world.sheets.isEmpty else { return "There are no spreadsheets." }
        return JSONValue.array(
            world.sheets.map { sheet in
                ["name": .string(sheet.name), "columns": .array(sheet.columns.map { .string($0) }), "rows": .int(sheet.rows.count)]
            }
        ).prettyText
    }

    public static let viewSheet = WorldTool(
        ToolName.viewSheet, "Show every row of a spreadsheet.", [ToolParameter("name", .string, "The sheet's exact name.")]
    ) { arguments, world in
        let name = arguments.string("name")
        guard let sheet = world.sheets.first(where: { $0.name == name }) else { throw ToolFailure("Sheet '\(name)' not found.") }
        return render(sheet)
    }

    /// The evaluation-style tasks' sheet tools.
    public static let all: [WorldTool] = [listSheets, viewSheet]

    /// The sheet as a table with row numbers, the way `view_sheet` shows it.
    public static func render(_ sheet: Spreadsheet) -> String {
        var lines = ["Sheet: \(sheet.name) (\(sheet.rows.count) rows)", "| Row | " + sheet.columns.joined(separator: " | ") + " |"]
        lines.append("|" + String(repeating: "---|", count: sheet.columns.count + 1))
        for (number, row) in sheet.rows.enumerated() {
            let cells = row.map { $0.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "/") }
            lines.append("| \(number + 1) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
