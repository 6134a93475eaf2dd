import Foundation
import PeerPreserveTesting
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills a real `peerpreserve run` process with SIGKILL mid-run and resumes it. The run talks to
/// the fake provider server through the real OpenAI-compatible client, with a little latency per
/// turn, so that it is still going when it is killed however fast the machine is.
@Suite("Crash and resume", .serialized)
struct CrashResumeTests {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PEERPRESERVE_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/peerpreserve")
    }

    func process(_ arguments: [String], server: FakeProviderServer) -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENAI_BASE_URL"] = server.openAIBaseURL
        environment["OPENAI_API_KEY"] = "crash-test-key"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    @Test("kill -9 mid-run, run the same command again: every planned episode exactly once, all finished")
    func killAndResume() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build peerpreserve first: \(Self.binary.path)")
        let path = StoreFixtures.temporaryPath("crash")
        defer { StoreFixtures.removeDatabase(path) }
        let arguments = ["run", "--model", "openai/fake", "--suite", "paper", "--samples", "2", "--concurrency", "8", "--db", path]
        let planned = 271 * 2
        let configuration = FakeProviderServer.Configuration(
            brain: ExplorerAgent(turnsBeforeEnding: 3), faultPlan: .always(.slow(.milliseconds(15))), apiKey: "crash-test-key")
        try await FakeProviderServer.withRunning(configuration) { server in
            try await killAndResume(arguments: arguments, planned: planned, path: path, server: server)
        }
    }

    func killAndResume(arguments: [String], planned: Int, path: String, server: FakeProviderServer) async throws {
        let first = process(arguments, server: server)
        try first.run()
        // Kill once some episodes are stored; the store is opened once (each open takes the
        // writer's lock for its migration check, which a busy run can hold for a while).
        var finishedBeforeKill = 0
        var observer: EpisodeDatabase?
        for _ in 0..<1200 {
            try await Task.sleep(for: .milliseconds(25))
            if observer == nil, FileManager.default.fileExists(atPath: path) { observer = try? EpisodeDatabase(path: path) }
            guard let observer, let counts = try? await observer.runStatuses().first?.models.first?.finished else { continue }
            if counts >= 20 {
                finishedBeforeKill = counts
                break
            }
        }
        kill(first.processIdentifier, SIGKILL)
        _ = await TestProcess.wait(for: first)
        #expect(first.terminationReason == .uncaughtSignal)
        #expect(finishedBeforeKill >= 20)

        let afterCrash = try EpisodeDatabase(path: path)
        let partial = try #require(try await afterCrash.runStatuses().first?.models.first)
        #expect(partial.finished < planned, "the run must have been cut off mid-way")
        #expect(try await afterCrash.inconsistentEpisodeCount() == 0)

        let second = process(arguments, server: server)
        try second.run()
        _ = await TestProcess.wait(for: second)
        #expect(second.terminationStatus == 0)

        let database = try EpisodeDatabase(path: path)
        let status = try #require(try await database.runStatuses().first)
        #expect(try await database.runStatuses().count == 1)
        #expect(status.models.map(\.finished) == [planned])
        #expect(try await database.episodeCounts(runID: status.runID) == [.finished: planned])
        #expect(try await database.tableCounts().episodes == planned)
        #expect(try await database.inconsistentEpisodeCount() == 0)
    }
}
