import ArgumentParser
import PeerPreserveApp
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
        for line in try await RunStatusText.lines(try store.openForReading(), maxAttempts: maxAttempts) { print(line) }
    }
}
