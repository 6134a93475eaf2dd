/// Why a report could not be made, told in one line with the fix.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }

    static func noRuns(_ path: String) -> ReportError {
        ReportError("\(path) holds no runs yet; start one with `peerpreserve run --db \(path)`.")
    }

    static func unknownRun(_ id: String, available: [String]) -> ReportError {
        ReportError("no run '\(id)' in this database; runs: \(available.joined(separator: ", ")).")
    }

    static func unknownJudge(_ name: String, available: [String]) -> ReportError {
        available.isEmpty
            ? ReportError("no judge has scored this run, so --judge \(name) has nothing to use; leave --judge out to use the extractor.")
            : ReportError("judge '\(name)' has not scored this run; judges: \(available.joined(separator: ", ")).")
    }
}
