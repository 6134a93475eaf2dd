import ArgumentParser
import Exports
import Foundation
import Store

/// `peerpreserve export`: a stored run in another tool's format.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a stored run in another tool's format (inspect: Inspect AI .eval logs).",
        discussion: """
            inspect writes one .eval log per model and task into --out, which Inspect AI's tools read (inspect view, \
            inspect log dump): one sample per episode (epoch = sample index + 1), its messages, tool calls and results, \
            a score per behaviour flag and per judge, the configuration and findings as metadata, and token usage. The \
            store is opened read-only.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case inspect
    }

    @Option(name: .long, help: "The export format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format

    @Option(name: .long, help: "The SQLite database of the run.")
    var db: String = "peerpreserve.sqlite"

    @Option(name: .long, help: "The folder to write into (created if missing).")
    var out: String

    @Option(name: .long, help: "The run to export (default: the newest run in the database).")
    var run: String?

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a folder path.") }
    }

    func run() async throws {
        let database: EpisodeDatabase
        do {
            database = try EpisodeDatabase(readingAt: db)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        do {
            let written = try await InspectLogExporter(database: database).export(runID: run, to: URL(fileURLWithPath: out))
            for file in written {
                FileHandle.standardOutput.write(Data("\(file.path)  (\(file.samples) samples)\n".utf8))
            }
            FileHandle.standardError.write(Data("Wrote \(written.count) Inspect logs to \(out).\n".utf8))
        } catch let error as ExportError {
            throw CLIError(error.description)
        }
    }
}
