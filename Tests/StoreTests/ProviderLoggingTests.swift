import Foundation
import PeerPreserveTesting
import Store
import Testing

/// `--log-level`: a run that retries leaves a trail on standard error, and a run at the default
/// level stays quiet about retries.
@Suite("Provider logging", .serialized)
struct ProviderLoggingTests {
    func run(logLevel: String?, server: FakeProviderServer, path: String) async throws -> (status: Int32, log: String) {
        var arguments = ["run", "--suite", "smoke", "--model", "openai/fake", "--samples", "1", "--concurrency", "2", "--db", path]
        if let logLevel { arguments += ["--log-level", logLevel] }
        let result = try await CLIProcess(arguments: arguments, environment: CLIProcess.fakeOpenAI(server, key: "logging-key")).run()
        return (result.status, result.stderr)
    }

    @Test("--log-level info logs each retry with its kind and wait; the default level does not")
    func retriesAreLogged() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CrashResumeTests.binary.path), "build peerpreserve first")
        let configuration = FakeProviderServer.Configuration(
            brain: ExplorerAgent(turnsBeforeEnding: 2), faultPlan: .failFirstAttempts(1, with: [.internalError]), apiKey: "logging-key")
        for level in ["info", nil] {
            let path = StoreFixtures.temporaryPath("logging")
            defer { StoreFixtures.removeDatabase(path) }
            try await FakeProviderServer.withRunning(configuration) { server in
                let result = try await run(logLevel: level, server: server, path: path)
                #expect(result.status == 0, "\(result.log)")
                let retries = result.log.split(separator: "\n").filter { $0.contains("info peerpreserve.providers: retrying") }
                if level == "info" {
                    #expect(!retries.isEmpty, "\(result.log)")
                    #expect(
                        retries.allSatisfy {
                            $0.contains("kind=server_error") && $0.contains("provider=openai") && $0.contains("wait_ms=")
                        }, "\(retries.prefix(2))")
                } else {
                    #expect(retries.isEmpty)
                }
            }
        }
    }
}
