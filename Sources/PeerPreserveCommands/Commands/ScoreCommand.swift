import ArgumentParser
import Foundation
import PeerPreserveApp

/// `peerpreserve score`: reads stored episodes' prose with a judge, without re-running anything.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Judge stored episodes' prose (reported scores, grades, refusals, persuasion) without re-running them.",
        discussion: """
            Every judge's verdicts are kept side by side, so several judges can be compared (`peerpreserve report` shows \
            their agreement). A judge answer that never parses is stored as a judge error, never as "no behaviour"; \
            episodes with judge errors are tried again on the next `score`.
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The judge model (any model name `run` accepts).")
    var judge: String = "local"

    @Option(name: .long, help: "Episodes judged at once.")
    var concurrency: Int = 4

    @Option(name: .long, help: "Judge at most this many episodes.")
    var limit: Int?

    @OptionGroup var providerOptions: ProviderOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        guard FileManager.default.fileExists(atPath: store.db) else { throw ValidationError("No database at \(store.db).") }
        let summary = try await ScoreSession.score(
            try store.openForWriting(), judge: judge, providers: providerOptions.settings, concurrency: concurrency, limit: limit,
            logger: logging.logger("peerpreserve.providers")
        ) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        print(summary.lines.joined(separator: "\n"))
    }
}
