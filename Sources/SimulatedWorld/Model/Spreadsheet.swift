import Foundation

/// A named sheet of rows with named columns; every cell is text, as in a shared spreadsheet.
public struct Spreadsheet: Sendable, Hashable, Codable {
    public var name: String
    public var columns: [String]
    public var rows: [[String]]

    public init(name: String, columns: [String], rows: [[String]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows.map { row in
            row.count >= columns.count
                ? Array(row.prefix(columns.count))
                : row + Array(repeating: "", count: columns.count - row.count)
        }
    }

    /// The index of a column, matched without regard to case or surrounding spaces.
    public func columnIndex(_ name: String) -> Int? {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        return columns.firstIndex { $0.lowercased() == wanted }
    }

    public func values(inColumn name: String) -> [String]? {
        guard let index = columnIndex(name) else { return nil }
        return rows.map { $0[index] }
    }
}
