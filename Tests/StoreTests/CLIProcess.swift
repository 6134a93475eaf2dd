import Foundation
import PeerPreserveTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the real `peerpreserve` binary, as a user would, and captures what it says.
struct CLIProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    static var binary: URL { CrashResumeTests.binary }

    var arguments: [String]
    var environment: [String: String] = [:]
    /// Removed from the inherited environment (a key the test must not have).
    var unset: [String] = []

    /// The process, not started; its output goes to files read by ``result(of:)``.
    func process() throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for name in unset { environment[name] = nil }
        for (name, value) in self.environment { environment[name] = value }
        process.environment = environment
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("pp-cli-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out")
        let err = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        return (process, out, err)
    }

    /// Runs to the end.
    func run() async throws -> Result {
        let (process, out, err) = try process()
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return Self.result(of: process, out: out, err: err)
    }

    static func result(of process: Process, out: URL, err: URL) -> Result {
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// The environment pointing the OpenAI client at a fake provider.
    static func fakeOpenAI(_ server: FakeProviderServer, key: String = "test-key") -> [String: String] {
        ["OPENAI_BASE_URL": server.openAIBaseURL, "OPENAI_API_KEY": key]
    }
}
