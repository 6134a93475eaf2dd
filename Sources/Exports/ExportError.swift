/// Why an export could not be written, in one line with the fix.
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A file or the output folder cannot be written.
        public static let cannotWrite = Code("cannotWrite")
        /// An archive would outgrow a plain zip file (entries or size).
        public static let tooLarge = Code("tooLarge")
        /// The store holds no runs.
        public static let noRuns = Code("noRuns")
        /// No run with the id asked for.
        public static let unknownRun = Code("unknownRun")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func cannotWrite(_ path: String, _ detail: String) -> ExportError {
        ExportError(.cannotWrite, "cannot write \(path): \(detail). Check that the --out folder is writable and has space.")
    }

    static func tooLarge(_ path: String, _ detail: String) -> ExportError {
        ExportError(.tooLarge, "\(path) would hold \(detail), beyond a plain zip archive; export fewer episodes per file (--run).")
    }

    static func noRuns(_ path: String) -> ExportError {
        ExportError(.noRuns, "\(path) holds no runs; run `peerpreserve run --db \(path)` first.")
    }

    static func unknownRun(_ id: String, available: [String]) -> ExportError {
        ExportError(.unknownRun, "no run '\(id)' in this store; choose one of: \(available.joined(separator: ", ")).")
    }
}
