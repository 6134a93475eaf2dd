import ArgumentParser
import Foundation
import Study

/// `peerpreserve content export DIR`: the built-in scenario content, for editing and `--content`.
struct ContentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content", abstract: "Work with the scenario content files.", subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in scenario content to a folder, to edit and run with --content.")

        @Argument(help: "The folder to create; it must not exist yet or be empty.")
        var directory: String

        func validate() throws {
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if !existing.isEmpty { throw ValidationError("'\(directory)' is not empty; name a new folder to export into.") }
        }

        func run() async throws {
            let files = try StudyContent.exportBuiltIn(to: URL(fileURLWithPath: directory))
            print("Wrote \(files) content files to \(directory). Edit them, then run with --content \(directory).")
        }
    }
}
