import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `peerpreserve run` as a person at a terminal sees it, on a real pseudo-terminal: the question
/// before a large plan, and the notices that must stay on screen while the progress block is
/// redrawn below them.
@Suite("A run at a terminal", .serialized)
struct TerminalSessionTests {
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        return environment
    }

    @Test("a plan over 1,000 episodes shows its estimate and asks; answering no writes nothing")
    func largePlanAsks() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CrashResumeTests.binary.path), "build peerpreserve first")
        let path = StoreFixtures.temporaryPath("terminal-ask")
        defer { StoreFixtures.removeDatabase(path) }
        let terminal = try PseudoTerminal(
            executable: CrashResumeTests.binary.path,
            arguments: ["run", "--suite", "paper", "--model", "scripted/honest", "--samples", "4", "--db", path],
            environment: Self.environment)
        #expect(await terminal.waitFor("Start these 1084 episodes? [y/N]"), "output: \(terminal.text)")
        #expect(terminal.text.contains("1084"))
        terminal.type("n\n")
        let status = await terminal.waitForExit()
        #expect(status == 1, "output: \(terminal.text)")
        #expect(terminal.text.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: path), "a declined plan must not create the store")
    }

    @Test("--version prints the version every new run is stored with")
    func versionIsStoredWithRuns() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CrashResumeTests.binary.path), "build peerpreserve first")
        let terminal = try PseudoTerminal(executable: CrashResumeTests.binary.path, arguments: ["--version"], environment: Self.environment)
        #expect(await terminal.waitForExit() == 0)
        #expect(terminal.screen.last == ToolVersion.current)
        let path = StoreFixtures.temporaryPath("version")
        defer { StoreFixtures.removeDatabase(path) }
        let database = try EpisodeDatabase(path: path)
        _ = try await database.prepare(StoreFixtures.smoke(), models: ["scripted/honest"], samples: 1)
        #expect(try await database.reportRuns().first?.toolVersion == ToolVersion.current)
    }

    @Test("a plan of 1,000 episodes or fewer starts without asking")
    func smallPlanDoesNotAsk() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CrashResumeTests.binary.path), "build peerpreserve first")
        let path = StoreFixtures.temporaryPath("terminal-small")
        defer { StoreFixtures.removeDatabase(path) }
        let terminal = try PseudoTerminal(
            executable: CrashResumeTests.binary.path,
            arguments: ["run", "--suite", "smoke", "--model", "scripted/honest", "--samples", "2", "--db", path],
            environment: Self.environment)
        let status = await terminal.waitForExit()
        #expect(status == 0, "output: \(terminal.text)")
        #expect(!terminal.text.contains("[y/N]"))
        let counts = try await EpisodeDatabase(path: path, readOnly: true).runStatuses().first?.models.first
        #expect(counts?.finished == 12)
    }

    @Test(
        "SIGINT and SIGTERM mid-run: the notice and the closing resume line stay on screen above the progress",
        arguments: [SIGINT, SIGTERM])
    func interruptNoticeSurvives(signal: Int32) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CrashResumeTests.binary.path), "build peerpreserve first")
        let path = StoreFixtures.temporaryPath("terminal-interrupt")
        defer { StoreFixtures.removeDatabase(path) }
        let configuration = FakeProviderServer.Configuration(
            brain: ExplorerAgent(turnsBeforeEnding: 4), faultPlan: .always(.slow(.milliseconds(300))), apiKey: "terminal-key")
        try await FakeProviderServer.withRunning(configuration) { server in
            var environment = Self.environment
            environment["OPENAI_BASE_URL"] = server.openAIBaseURL
            environment["OPENAI_API_KEY"] = "terminal-key"
            let terminal = try PseudoTerminal(
                executable: CrashResumeTests.binary.path,
                arguments: [
                    "run", "--suite", "smoke", "--model", "openai/fake", "--samples", "10", "--concurrency", "2", "--db", path,
                ],
                environment: environment)
            #expect(await terminal.waitFor("to run"), "output: \(terminal.text)")
            // Let the progress block be drawn (every 0.5 s on a terminal) a few times first.
            try await Task.sleep(for: .seconds(2))
            terminal.send(signal)
            let status = await terminal.waitForExit()
            #expect(status == 130, "output: \(terminal.text)")
            let screen = terminal.screen
            let what = signal == SIGTERM ? "Terminated (SIGTERM)" : "Interrupted"
            #expect(
                screen.contains { $0.hasPrefix("\(what): finishing the episodes in flight") }, "screen:\n\(screen.joined(separator: "\n"))")
            #expect(screen.last == "Interrupted. Run the same command to resume.", "screen:\n\(screen.joined(separator: "\n"))")
            let counts = try await EpisodeDatabase(path: path, readOnly: true).runStatuses().first?.models.first
            #expect((counts?.finished ?? 0) < 60, "the run must have stopped early")
            #expect((counts?.finished ?? 0) >= 1, "the episodes in flight are finished, not dropped")
        }
    }
}
