import ArgumentParser
import Exports
import Foundation
import PeerPreserveApp
import Replay

/// `peerpreserve export`: a stored run in another tool's format.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a stored run in another tool's format (Inspect AI .eval logs, the study's transcripts, JSON Lines).",
        discussion: """
            inspect writes one .eval log per model and task into --out, which Inspect AI's tools read (inspect view, \
            inspect log dump): one sample per episode (epoch = sample index + 1), its messages, tool calls and results, \
            a score per behaviour flag and per judge, the configuration and findings as metadata, and token usage. The \
            store is opened read-only.

            paper writes one JSON file per finished episode in the study's released transcript format (conversation,             experiment_metadata in the study's names and ours, task_evaluation with our labels in the study's keys), so             tools built for the study's data read ours and `peerpreserve import` reads them back. jsonl writes one episode             per line: configuration, transcript, findings, world diff, verdicts and interviews.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case inspect, paper, jsonl

        init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    }

    @Option(name: .long, help: "The export format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The folder to write into (created if missing).")
    var out: String

    @Option(name: .long, help: "The run to export (inspect: default the newest run; paper and jsonl: default every run).")
    var run: String?

    @Option(name: .long, help: "paper: the scenario content folder the episodes ran with (default: the built-in content).")
    var content: String?

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a folder path.") }
    }

    func run() async throws {
        let database = try store.openForReading()
        if format != .inspect {
            let exporter = TranscriptExporter(database: database, content: try StudySelection.loadContent(folder: content))
            let written = try await exporter.export(format == .paper ? .paper : .jsonl, runID: run, to: URL(fileURLWithPath: out))
            let skipped = written.skipped > 0 ? " (\(written.skipped) harness episode(s) left out: no tool calls to write)" : ""
            FileHandle.standardError.write(Data("Wrote \(written.files.count) \(format.rawValue) file(s) to \(out)\(skipped).\n".utf8))
            return
        }
        let written = try await InspectLogExporter(database: database).export(runID: run, to: URL(fileURLWithPath: out))
        for file in written { print("\(file.path)  (\(file.samples) samples)") }
        FileHandle.standardError.write(Data("Wrote \(written.count) Inspect logs to \(out).\n".utf8))
    }
}
