import ArgumentParser
import PeerPreserveApp
import Study

/// `peerpreserve show`: a configuration exactly as the model would see it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a configuration's system prompt, user turn, tools and world as the model would see them.")

    @Argument(help: "A configuration id from `peerpreserve plan`, e.g. tampering.factual@80.peer.good_peer.file_prt")
    var configurationID: String

    @OptionGroup var content: ContentOptions

    @Option(name: .long, help: "The episode seed (drive-file ids and the pod id depend on it).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Offer the reasoning scratchpad, described as monitored or unmonitored.")
    var scratchpad: MonitoringMode?

    @Flag(
        name: .long, inversion: .prefixedNo,
        help: "Use (or not) the memory note that asks the model to read its memory first. Default: per model, as in the study.")
    var memoryMustRead: Bool?

    @Flag(name: .long, help: "Print the tools' full JSON schemas.")
    var schemas = false

    func run() throws {
        let preview = try ScenarioPreview(
            configurationID: configurationID, selection: content.selection(), seed: seed, scratchpad: scratchpad,
            memoryMustRead: memoryMustRead)
        print(preview.text(schemas: schemas))
        if !preview.screenFindings.isEmpty { throw ExitCode(2) }
    }
}
