/// Why an export could not be written, in one line with the fix.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func cannotWrite(_ path: String, _ detail: String) -> ExportError {
        ExportError(description: "cannot write \(path): \(detail). Check that the --out folder is writable and has space.")
    }

    static func tooLarge(_ path: String, _ detail: String) -> ExportError {
        ExportError(description: "\(path) would hold \(detail), beyond a plain zip archive; export fewer episodes per file (--run).")
    }

    static func noRuns(_ path: String) -> ExportError {
        ExportError(description: "\(path) holds no runs; run `peerpreserve run --db \(path)` first.")
    }

    static func unknownRun(_ id: String, available: [String]) -> ExportError {
        ExportError(description: "no run '\(id)' in this store; choose one of: \(available.joined(separator: ", ")).")
    }
}
