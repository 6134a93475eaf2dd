import ArgumentParser
import Foundation
import Store

/// `peerpreserve status`: what a stored run holds. Opens the store read-only.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Summarise the runs stored in a database.")

    @OptionGroup var store: StoreOptions

    @Option(
        name: .long, parsing: .unconditional,
        help: "The attempt limit a rerun would use (run's --max-attempts), for the count of failures it redoes.")
    var maxAttempts: Int = ClaimOptions.defaultMaxAttempts

    func validate() throws {
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1 (got \(maxAttempts)).") }
    }

    func run() async throws {
        try await Self.printStatus(try store.openForReading(), runID: nil, maxAttempts: maxAttempts)
    }

    /// Opens a store read-only for a read command, with a one-line error when it cannot.
    static func printStatus(_ database: EpisodeDatabase, runID: String?, maxAttempts: Int = ClaimOptions.defaultMaxAttempts)
        async throws
    {
        let runs = try await database.runStatuses(maxAttempts: maxAttempts).filter { runID == nil || $0.runID == runID }
        if runs.isEmpty { print("No runs in \(database.path).") }
        for run in runs {
            print(
                "\(run.runID)  suite \(run.suite), \(run.configurationCount) configurations, started \(run.createdAt.formatted(.iso8601))")
            for model in run.models {
                let toDo = model.pending + model.running + model.failedToRedo
                var line = "  \(model.model): \(model.finished)/\(model.planned) finished, \(model.failed) failed"
                if model.failed > 0 {
                    line += " (\(model.failedToRedo) redone by a rerun, \(model.permanentlyFailed) only with --retry-failed)"
                }
                line += ", \(toDo) to do by a rerun"
                if model.running > 0 { line += " (\(model.running) running now or left by a stopped process)" }
                print(line)
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
                print(
                    "    \(model.turns) turns, \(model.inputTokens) input / \(model.outputTokens) output tokens, \(model.retries) retried model calls, cost \(cost)"
                )
            }
        }
    }
}
