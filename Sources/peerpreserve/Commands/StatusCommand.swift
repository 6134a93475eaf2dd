import ArgumentParser
import Foundation
import Store

/// `peerpreserve status`: what a stored run holds.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Summarise the runs stored in a database.")

    @Option(name: .long, help: "The SQLite database of the run.")
    var db: String = "peerpreserve.sqlite"

    func run() async throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("No database at \(db); run `peerpreserve run --db \(db)` first.")
        }
        let database: EpisodeDatabase
        do {
            database = try EpisodeDatabase(path: db)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        try await Self.printStatus(database, runID: nil)
    }

    static func printStatus(_ database: EpisodeDatabase, runID: String?) async throws {
        let runs = try await database.runStatuses().filter { runID == nil || $0.runID == runID }
        if runs.isEmpty { print("No runs in \(database.path).") }
        for run in runs {
            print(
                "\(run.runID)  suite \(run.suite), \(run.configurationCount) configurations, started \(run.createdAt.formatted(.iso8601))")
            for model in run.models {
                print(
                    "  \(model.model): \(model.finished)/\(model.planned) finished, \(model.failed) failed, \(model.pending + model.running) to do"
                )
                if !model.terminations.isEmpty {
                    print(
                        "    ended by: "
                            + model.terminations.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                }
                if !model.errorKinds.isEmpty {
                    print(
                        "    provider errors: "
                            + model.errorKinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                }
                let flags = model.flags.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                print("    flags: \(flags.isEmpty ? "none" : flags)")
                let cost = model.costUSD.map { String(format: "$%.4f", $0) } ?? "unknown"
                print("    \(model.turns) turns, \(model.inputTokens) input / \(model.outputTokens) output tokens, cost \(cost)")
            }
        }
    }
}
