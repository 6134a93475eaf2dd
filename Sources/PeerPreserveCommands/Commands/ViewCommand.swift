import ArgumentParser
import Foundation
import Store
import Viewer

/// `peerpreserve view`: the transcript viewer, a local web app over a store.
struct ViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Browse a stored run in the browser: result tables, filtered episode lists, full transcripts.",
        discussion: """
            Serves on 127.0.0.1 only and prints the URL; stop it with Ctrl-C. The store is opened read-only: the viewer \
            never writes to it, and can run while a run is still writing. Keys on an episode: j / → next, k / ← previous, \
            u back to the list.
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The port on 127.0.0.1 (0: any free port).")
    var port: Int = 8470

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0: any free port); got \(port).")
        }
    }

    func run() async throws {
        let database = try store.openForReading()
        try await TranscriptViewer(database: database).serve(port: port) { url in
            FileHandle.standardOutput.write(Data("peerpreserve viewer of \(store.db) at \(url.absoluteString) (Ctrl-C stops it)\n".utf8))
        }
    }
}
