import ArgumentParser
import Foundation
import PeerPreserveCore
import Study
import Testing

@testable import PeerPreserveCommands

/// Command lines parsed and validated in-process, as the executable does before running anything.
@Suite("Command-line parsing")
struct CommandLineParsingTests {
    /// The exit status and message the executable would print for `arguments`, or nil when they parse.
    static func refusal(_ arguments: [String]) -> (status: Int32, message: String)? {
        do {
            _ = try PeerPreserveCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return (PeerPreserveCommand.exitCode(for: error).rawValue, PeerPreserveCommand.message(for: error))
        }
    }

    static let subcommands = PeerPreserveCommand.configuration.subcommands

    @Test("every command's help renders with its abstract and usage")
    func everyHelpRenders() throws {
        #expect(Self.subcommands.count == 15)
        for command in Self.subcommands {
            let name = try #require(command.configuration.commandName)
            // The help is wrapped to the terminal's width: compare with whitespace runs collapsed.
            let help = PeerPreserveCommand.helpMessage(for: command).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains(command.configuration.abstract), "help of \(name)")
            #expect(help.contains("USAGE: peerpreserve \(name)"), "usage of \(name)")
        }
    }

    @Test("the study's factors parse as typed values, and an unknown one is refused with the choices")
    func typedFactors() throws {
        let command = try PeerPreserveCommand.parseAsRoot([
            "run", "--task", "tampering", "--condition", "good_peer", "--subject", "peer", "--scratchpad", "unmonitored",
            "--samples", "3", "--model", "scripted/honest",
        ])
        let run = try #require(command as? RunCommand)
        #expect(run.selection.task == [.tampering] && run.selection.condition == [.goodPeer])
        #expect(run.selection.subject == .peer && run.sampling.scratchpad == .unmonitored && run.samples == 3)
        let refusal = try #require(Self.refusal(["run", "--condition", "friendly_peer"]))
        #expect(refusal.status == 64)
        #expect(refusal.message.contains("friendly_peer") && refusal.message.contains("good_peer"))
    }

    @Test(
        "argument problems exit 64 with a message naming the option",
        arguments: [
            (["run", "--samples", "0"], "--samples must be at least 1 (got 0)."),
            (["run", "--concurrency", "5000"], "--concurrency must be between 1 and 4096 (got 5000)."),
            (["run", "--max-attempts", "0"], "--max-attempts must be at least 1 (got 0)."),
            (["run", "--max-connections", "anthropic"], "--max-connections"),
            (["run", "--temperature", "-1"], "temperature"),
            (["simulate", "--agent", "nobody"], "Unknown agent 'nobody'; agents: "),
            (["view", "--port", "70000"], "--port must be between 0 and 65535"),
            (["replay"], "Name episode ids, or pass --all."),
            (["interview", "--all"], "--all needs --where FLAG"),
            (["status", "--max-attempts", "0"], "--max-attempts must be at least 1 (got 0)."),
            (["report", "--output", ""], "--output needs a file path."),
        ])
    func argumentProblems(arguments: [String], message: String) throws {
        let refusal = try #require(Self.refusal(arguments), "\(arguments) parsed")
        #expect(refusal.status == 64, "\(arguments)")
        #expect(refusal.message.contains(message), "\(arguments): \(refusal.message)")
    }

    @Test("--db names a file: a folder is refused by every command that opens the store")
    func storeOption() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let commands: [[String]] = [
            ["run"], ["status"], ["runs", "list"], ["report"], ["score"], ["view"],
            ["export", "--format", "inspect", "--out", folder + "/out"],
            ["replay", "--all"], ["import", folder], ["interview", "1"],
        ]
        for command in commands {
            let refusal = try #require(Self.refusal(command + ["--db", folder]), "\(command) parsed")
            #expect(refusal.status == 64, "\(command)")
            #expect(refusal.message.contains("--db \(folder) is a folder"), "\(command): \(refusal.message)")
        }
        #expect(Self.refusal(["status", "--db", folder + "/peerpreserve.sqlite"]) == nil)
    }

    @Test("--version prints the tool version stored with each run")
    func version() throws {
        let refusal = try #require(Self.refusal(["--version"]))
        #expect(refusal.status == 0 && refusal.message == ToolVersion.current)
    }
}
