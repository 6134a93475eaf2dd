/// A table of a report, independent of the output format: the terminal, Markdown and HTML
/// renderers draw the same tables, so they cannot disagree.
public struct ReportTable: Sendable, Hashable {
    /// A stable identifier, used as the HTML anchor.
    public var id: String
    public var title: String
    /// What the table shows and how it counts; every table states its denominator.
    public var note: String
    public var columns: [Column]
    public var rows: [[Cell]]

    public init(id: String, title: String, note: String, columns: [Column], rows: [[Cell]]) {
        self.id = id
        self.title = title
        self.note = note
        self.columns = columns
        self.rows = rows
    }

    /// A column heading; numeric columns are right-aligned.
    public struct Column: Sendable, Hashable {
        public var title: String
        public var numeric: Bool

        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    /// One cell: its text, how it stands out, and links to example transcripts (HTML only).
    public struct Cell: Sendable, Hashable, ExpressibleByStringLiteral {
        public var text: String
        public var emphasis: Emphasis
        /// HTML anchors of example episodes.
        public var links: [String]

        public init(_ text: String, emphasis: Emphasis = .none, links: [String] = []) {
            self.text = text
            self.emphasis = emphasis
            self.links = links
        }

        public init(stringLiteral value: String) { self.init(value) }
    }

    /// How a cell stands out.
    public enum Emphasis: Sendable, Hashable {
        case none
        /// Significant after correction, or a behaviour observed.
        case strong
        /// A missing or unscored value.
        case muted
    }
}
