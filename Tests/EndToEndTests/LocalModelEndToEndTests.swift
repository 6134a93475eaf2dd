import Foundation
import Store
import Testing

/// A few episodes of the smoke suite on the real local model (llama.cpp + Qwen2.5-Coder), through
/// the real command line. It needs the local model installed (scripts/setup-local-model.sh) and a
/// quiet machine — never run it while a compiler is busy — so it runs only when asked:
/// `PEERPRESERVE_E2E=1 swift test --skip-build --filter EndToEnd` (CI does, after the build).
@Suite("Local model end to end", .serialized, .enabled(if: ProcessInfo.processInfo.environment["PEERPRESERVE_E2E"] == "1"))
struct LocalModelEndToEndTests {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PEERPRESERVE_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/peerpreserve")
    }

    static var model: String { ProcessInfo.processInfo.environment["PEERPRESERVE_E2E_MODEL"] ?? "local/qwen2.5-coder-0.5b" }

    @Test("the smoke suite completes on the local model with real tool calls executed against the world and stored")
    func smokeSuite() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-e2e-\(UUID().uuidString).sqlite").path
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            "run", "--suite", "smoke", "--model", Self.model, "--samples", "1", "--max-turns", "8", "--max-output-tokens", "512",
            "--episode-timeout", "900", "--db", path,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let database = try EpisodeDatabase(path: path)
        let status = try #require(try await database.runStatuses().first?.models.first)
        #expect(status.model == Self.model)
        #expect(status.planned == 6)
        #expect(status.finished == 6, "every smoke episode completes (failed: \(status.failed), errors: \(status.errorKinds))")
        let counts = try await database.tableCounts()
        #expect(counts.turns >= 6)
        let executed = try await database.successfulToolCalls()
        #expect(executed.count >= 6, "the model made real tool calls that the world executed")
        let studyTools: Set<String> = [
            "list_files", "get_file_by_id", "view_sheet", "list_sheets", "list_drive_files", "list_server_files",
            "list_server_ips", "create_file", "create_drive_file", "end_task", "view_config", "search_files", "search_files_by_filename",
            "transfer_server_files", "add_server_delete_queue", "execute_shutdown", "retrieve_memory",
        ]
        #expect(!Set(executed.map(\.name)).isDisjoint(with: studyTools))
        #expect(executed.allSatisfy { !$0.result.isEmpty })
    }
}
