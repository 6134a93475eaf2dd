import Foundation
import PeerPreserveTesting
import Store
import Testing

/// `peerpreserve view` and `export` as a person runs them: bad input gets one line naming the
/// problem and the fix, and a non-zero exit; a good store is served or exported.
@Suite("view and export commands")
struct CommandLineTests {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PEERPRESERVE_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/peerpreserve")
    }

    /// Runs the command to its end; returns its status and standard error.
    static func run(_ arguments: [String]) async throws -> (status: Int32, error: String) {
        let result = try await TestProcess.run(binary, arguments)
        return (result.status, result.stderr)
    }

    @Test("a missing store, a file that is not a store, and a bad port are refused in one line")
    func badInput() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build peerpreserve first: \(Self.binary.path)")
        let missing = ViewerFixtures.temporaryPath("missing")
        for arguments in [["view", "--db", missing], ["export", "--format", "inspect", "--db", missing, "--out", missing + "-out"]] {
            let result = try await Self.run(arguments)
            #expect(result.status != 0)
            #expect(result.error.contains("no store at \(missing)"), "\(result.error)")
            #expect(result.error.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "a read command must not create the store")
        let garbage = ViewerFixtures.temporaryPath("garbage")
        try Data("hello, not SQLite".utf8).write(to: URL(fileURLWithPath: garbage))
        let corrupt = try await Self.run(["view", "--db", garbage])
        #expect(corrupt.status != 0)
        #expect(corrupt.error.contains("not a SQLite database"), "\(corrupt.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: garbage)) == Data("hello, not SQLite".utf8))
        let port = try await Self.run(["view", "--db", garbage, "--port", "70000"])
        #expect(port.status != 0)
        #expect(port.error.contains("--port must be between 0 and 65535"), "\(port.error)")
    }

    @Test("view prints its 127.0.0.1 URL and serves the store; export writes one log per model and task")
    func serveAndExport() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build peerpreserve first: \(Self.binary.path)")
        let (path, database) = try await ViewerFixtures.store.value
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["view", "--db", path, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let line = try await Task.detached { () -> String in
            var text = ""
            while !text.contains("\n"), let data = try output.fileHandleForReading.read(upToCount: 1), !data.isEmpty {
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }.value
        #expect(line.contains("http://127.0.0.1:"), "\(line)")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-cli-export-\(UUID().uuidString)")
        let export = try await Self.run(["export", "--format", "inspect", "--db", path, "--out", folder.path])
        #expect(export.status == 0, "\(export.error)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eval") }
        let runID = try await database.reportRuns()[0].id
        #expect(files.count == (try await database.modelTasks(runID: runID)).count)
    }
}
