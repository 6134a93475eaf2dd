public import ArgumentParser
import Foundation
import PeerPreserveApp
public import Reports

/// `peerpreserve report`: the study's metrics for a stored run.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report a stored run: rates with intervals, the study's tests, and charts (html).",
        discussion: """
            Prose figures (reported scores, grades, refusals) come from a judge's verdicts when one has scored the run, \
            else from the deterministic extractor; the header says which. Refusals and incomplete episodes stay in every \
            denominator; provider and judge errors are excluded and counted. Terminal and Markdown print to standard output; \
            html, csv and json go to --output, or standard output without it.
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The run to report (default: the newest run in the database).")
    var run: String?

    @Option(name: .long, help: "The judge whose verdicts to use (default: the judge with the most verdicts).")
    var judge: String?

    @Option(name: .long, help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .terminal

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if let output, output.isEmpty { throw ValidationError("--output needs a file path.") }
    }

    func run() async throws {
        // Colour only for a terminal that wants it (https://no-color.org).
        let colour = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let report = try await ReportDocument(try store.openForReading(), runID: run, judge: judge, format: format, colour: colour)
        guard let output else { return FileHandle.standardOutput.write(Data(report.text.utf8)) }
        do {
            try Data(report.text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw AppError(.cannotWrite, "cannot write \(output): \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data("Wrote the \(format.rawValue) report of \(report.runID) to \(output).\n".utf8))
    }
}

extension ReportFormat: ExpressibleByArgument {
    /// Any case: `--format HTML` is `html`.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
