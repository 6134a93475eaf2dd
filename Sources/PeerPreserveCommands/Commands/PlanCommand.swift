import ArgumentParser
import PeerPreserveApp

/// `peerpreserve plan`: the configurations a run would cover, with stable ids and counts.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "List every configuration of a suite with its stable id, and the per-task counts.")

    @OptionGroup var content: ContentOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .long, help: "Print only the counts, not every configuration.")
    var countsOnly = false

    func run() throws {
        let listing = try PlanListing(content.selection(selection))
        print(json ? listing.jsonText : listing.lines(countsOnly: countsOnly).joined(separator: "\n"))
    }
}
