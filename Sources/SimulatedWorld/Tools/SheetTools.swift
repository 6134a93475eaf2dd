import Foundation
import PeerPreserveCore

/// Spreadsheet tools: `list_sheets`, `view_sheet`, `create_sheet`, `add_column`, `add_row`,
/// `add_multiple_rows`, `set_cell_value`, `sort_sheet`, `count_values`.
public enum SheetTools {
    public static let all: [WorldTool] = [
        WorldTool("list_sheets", "List the spreadsheets with their columns and row counts.") { _, world in
            guard !world.sheets.isEmpty else { return "There are no spreadsheets." }
            return JSONValue.array(
                world.sheets.map { sheet in
                    ["name": .string(sheet.name), "columns": .array(sheet.columns.map { .string($0) }), "rows": .int(sheet.rows.count)]
                }
            ).prettyText
        },
        WorldTool("view_sheet", "Show every row of a spreadsheet.", [ToolParameter("name", .string, "The sheet's name.")]) {
            arguments, world in
            render(world.sheets[try sheetIndex(arguments.string("name"), in: world)])
        },
        WorldTool("create_sheet", "Create a new, empty spreadsheet.", [ToolParameter("name", .string, "Name of the new sheet.")]) {
            arguments, world in
            let name = arguments.string("name").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ToolFailure("The sheet name is empty.") }
            guard (try? sheetIndex(name, in: world)) == nil else { throw ToolFailure("A sheet named '\(name)' already exists.") }
            world.sheets.append(Spreadsheet(name: name, columns: []))
            return "Created sheet '\(name)'."
        },
        WorldTool(
            "add_column", "Add a column to a spreadsheet, optionally with values for the existing rows.",
            [
                ToolParameter("sheet_name", .string, "The sheet's name."),
                ToolParameter("column_name", .string, "Name of the new column."),
                ToolParameter("values", .stringArray, "Values for the existing rows, top to bottom.", required: false),
            ]
        ) { arguments, world in
            let index = try sheetIndex(arguments.string("sheet_name"), in: world)
            let column = arguments.string("column_name").trimmingCharacters(in: .whitespaces)
            guard !column.isEmpty else { throw ToolFailure("The column name is empty.") }
            guard world.sheets[index].columnIndex(column) == nil else { throw ToolFailure("Column '\(column)' already exists.") }
            let values = arguments.strings("values")
            guard values.count <= world.sheets[index].rows.count else {
                throw ToolFailure("\(values.count) values given but the sheet has \(world.sheets[index].rows.count) rows.")
            }
            world.sheets[index].columns.append(column)
            for row in world.sheets[index].rows.indices {
                world.sheets[index].rows[row].append(row < values.count ? values[row] : "")
            }
            return "Added column '\(column)' to '\(world.sheets[index].name)'."
        },
        WorldTool(
            "add_row", "Append one row to a spreadsheet.",
            [
                ToolParameter("sheet_name", .string, "The sheet's name."),
                ToolParameter("values", .stringArray, "The row's values, in column order."),
            ]
        ) { arguments, world in
            let index = try sheetIndex(arguments.string("sheet_name"), in: world)
            try world.sheets[index].rows.append(fitted(arguments.strings("values"), to: world.sheets[index]))
            return "Added 1 row to '\(world.sheets[index].name)'; it now has \(world.sheets[index].rows.count) rows."
        },
        WorldTool(
            "add_multiple_rows", "Append several rows to a spreadsheet.",
            [
                ToolParameter("sheet_name", .string, "The sheet's name."),
                ToolParameter("values", .rowArray, "The rows, each a list of values in column order."),
            ]
        ) { arguments, world in
            let index = try sheetIndex(arguments.string("sheet_name"), in: world)
            var rows: [[String]] = []
            for row in arguments.rows("values") { rows.append(try fitted(row, to: world.sheets[index])) }
            world.sheets[index].rows += rows
            return "Added \(rows.count) rows to '\(world.sheets[index].name)'; it now has \(world.sheets[index].rows.count) rows."
        },
        WorldTool(
            "set_cell_value", "Set the value of one cell. Rows are numbered from 1.",
            [
                ToolParameter("sheet_name", .string, "The sheet's name."),
                ToolParameter("column_name", .string, "The cell's column."),
                ToolParameter("row_number", .integer, "The cell's row, counting from 1."),
                ToolParameter("value", .string, "The new value."),
            ]
        ) { arguments, world in
            let index = try sheetIndex(arguments.string("sheet_name"), in: world)
            let sheet = world.sheets[index]
            guard let column = sheet.columnIndex(arguments.string("column_name")) else {
                throw ToolFailure(
                    "Sheet '\(sheet.name)' has no column '\(arguments.string("column_name"))'. Columns: \(sheet.columns.joined(separator: ", "))."
                )
            }
            let row = arguments.integer("row_number")
            guard (1...max(sheet.rows.count, 1)).contains(row), row <= sheet.rows.count else {
                throw ToolFailure("Row \(row) does not exist; '\(sheet.name)' has rows 1 to \(sheet.rows.count).")
            }
            world.sheets[index].rows[row - 1][column] = arguments.string("value")
            return "Set \(sheet.columns[column]) of row \(row) in '\(sheet.name)' to '\(arguments.string("value"))'."
        },
        WorldTool(
            "sort_sheet", "Sort a spreadsheet's rows by one column (numbers sort as numbers).",
            [
                ToolParameter("sheet_name", .string, "The sheet's name."),
                ToolParameter("sort_by", .string, "The column to sort by."),
                ToolParameter("ascending", .boolean, "Sort ascending (default) or descending.", required: false),
            ]
        ) { arguments, world in
            let index = try sheetIndex(arguments.string("sheet_name"), in: world)
            guard let column = world.sheets[index].columnIndex(arguments.string("sort_by")) else {
                throw ToolFailure("Sheet '\(world.sheets[index].name)' has no column '\(arguments.string("sort_by"))'.")
            }
            let ascending = arguments.optionalBool("ascending") ?? true
            let ordered = world.sheets[index].rows.enumerated().sorted { left, right in
                let order = compareCells(left.element[column], right.element[column])
                if order == .orderedSame { return left.offset < right.offset }
                return ascending ? order == .orderedAscending : order == .orderedDescending
            }
            world.sheets[index].rows = ordered.map(\.element)
            return
                "Sorted '\(world.sheets[index].name)' by \(world.sheets[index].columns[column]) \(ascending ? "ascending" : "descending")."
        },
        WorldTool(
            "count_values", "Count how often each value occurs in a column.",
            [
                ToolParameter("sheet_name", .string, "The sheet's name."),
                ToolParameter("column_name", .string, "The column to count."),
            ]
        ) { arguments, world in
            let sheet = world.sheets[try sheetIndex(arguments.string("sheet_name"), in: world)]
            guard let values = sheet.values(inColumn: arguments.string("column_name")) else {
                throw ToolFailure("Sheet '\(sheet.name)' has no column '\(arguments.string("column_name"))'.")
            }
            var counts: [String: JSONValue] = [:]
            for value in values {
                if case .int(let count) = counts[value] { counts[value] = .int(count + 1) } else { counts[value] = .int(1) }
            }
            return JSONValue.object(counts).prettyText
        },
    ]

    static func sheetIndex(_ name: String, in world: World) throws(ToolFailure) -> Int {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let index = world.sheets.firstIndex(where: { $0.name.lowercased() == wanted }) else {
            let names = world.sheets.map(\.name).joined(separator: ", ")
            throw ToolFailure("No sheet named '\(name)'. Sheets: \(names.isEmpty ? "none" : names).")
        }
        return index
    }

    static func fitted(_ values: [String], to sheet: Spreadsheet) throws(ToolFailure) -> [String] {
        guard values.count <= sheet.columns.count else {
            throw ToolFailure(
                "The row has \(values.count) values but '\(sheet.name)' has \(sheet.columns.count) columns (\(sheet.columns.joined(separator: ", ")))."
            )
        }
        return values + Array(repeating: "", count: sheet.columns.count - values.count)
    }

    static func compareCells(_ left: String, _ right: String) -> ComparisonResult {
        if let a = number(left), let b = number(right) { return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame }
        return left.localizedStandardCompare(right)
    }

    static func number(_ text: String) -> Double? {
        Double(text.filter { !"$,% ".contains($0) })
    }

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
