import ArgumentParser
import PeerPreserveApp
import Store

/// `peerpreserve runs list|delete`: the runs a store holds, and removing one.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the runs stored in a database, or delete one.",
        subcommands: [List.self, Delete.self], defaultSubcommand: List.self)

    /// `runs list`: read-only.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the runs stored in a database.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            for line in try await RunStatusText.runList(try store.openForReading()) { print(line) }
        }
    }

    /// `runs delete RUN`: asks on a terminal, needs `--yes` otherwise.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a run and everything stored with it (cached model answers stay).")

        @Argument(help: "The run's id, as `runs list` shows it.")
        var run: String

        @OptionGroup var store: StoreOptions

        @Flag(name: .long, help: "Delete without asking (required when not on a terminal).")
        var yes = false

        func run() async throws {
            let reader = try store.openForReading()
            guard let summary = try await reader.runs().first(where: { $0.id == run }) else {
                throw AppError(.unknownRun, "no run '\(run)' in \(store.db); list them with `peerpreserve runs list --db \(store.db)`.")
            }
            if !yes {
                guard Confirmation.isInteractive else {
                    throw AppError(.confirmationNeeded, "deleting run \(run) needs confirmation: pass --yes (nothing was deleted).")
                }
                guard Confirmation.ask("Delete run \(run) and its \(summary.episodes) episodes (\(summary.finished) finished)?") else {
                    throw AppError(.declined, "nothing was deleted.")
                }
            }
            let deleted = try await store.openForWriting().deleteRun(run)
            print("Deleted run \(run) (\(deleted) episodes).")
        }
    }
}
