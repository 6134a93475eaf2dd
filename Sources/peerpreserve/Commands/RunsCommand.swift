import ArgumentParser
import Foundation
import Store

/// `peerpreserve runs list|delete`: the runs a store holds, and removing one.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the runs stored in a database, or delete one.",
        subcommands: [List.self, Delete.self], defaultSubcommand: List.self)

    /// `runs list`: read-only.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the runs stored in a database.")

        @Option(name: .long, help: "The SQLite database.")
        var db: String = "peerpreserve.sqlite"

        func run() async throws {
            let database = try StatusCommand.openForReading(db)
            let runs = try await database.runs()
            if runs.isEmpty { print("No runs in \(db).") }
            for run in runs {
                print(
                    "\(run.id)  suite \(run.suite), \(run.configurationCount) configurations, \(run.finished)/\(run.episodes) episodes finished, models \(run.models.joined(separator: ", ")), started \(run.createdAt.formatted(.iso8601))"
                )
            }
        }
    }

    /// `runs delete RUN`: asks on a terminal, needs `--yes` otherwise.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a run and everything stored with it (cached model answers stay).")

        @Argument(help: "The run's id, as `runs list` shows it.")
        var run: String

        @Option(name: .long, help: "The SQLite database.")
        var db: String = "peerpreserve.sqlite"

        @Flag(name: .long, help: "Delete without asking (required when not on a terminal).")
        var yes = false

        func run() async throws {
            let reader = try StatusCommand.openForReading(db)
            guard let summary = try await reader.runs().first(where: { $0.id == run }) else {
                throw CLIError("no run '\(run)' in \(db); list them with `peerpreserve runs list --db \(db)`.")
            }
            if !yes {
                guard Confirmation.isInteractive else {
                    throw CLIError("deleting run \(run) needs confirmation: pass --yes (nothing was deleted).")
                }
                guard Confirmation.ask("Delete run \(run) and its \(summary.episodes) episodes (\(summary.finished) finished)?") else {
                    throw CLIError("nothing was deleted.")
                }
            }
            let database: EpisodeDatabase
            do {
                database = try EpisodeDatabase(path: db)
                let deleted = try await database.deleteRun(run)
                print("Deleted run \(run) (\(deleted) episodes).")
            } catch let error as StoreError {
                throw CLIError(error.description)
            }
        }
    }
}
