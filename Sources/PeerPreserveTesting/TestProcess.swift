public import Foundation

/// Child processes for tests, waited for without holding a thread of the cooperative pool: a test
/// that blocks one (`waitUntilExit`, a blocking read) while its child talks to a fake server or a
/// viewer in the same test process can starve that server of the threads it needs, and on a
/// 2-core machine stall unrelated tests running beside it.
public enum TestProcess {
    /// How a child ended and what it wrote.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Standard output, then standard error.
        public var output: String { stdout + stderr }
    }

    /// Runs `executable` to its end. Output goes to files, not pipes, so a child that writes a lot
    /// never blocks on a full pipe.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("pp-child-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try? out.close()
        try? err.close()
        return Result(
            status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Waits for a started process to end, sleeping between looks; returns its exit status.
    public static func wait(for process: Process, every interval: Duration = .milliseconds(20)) async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: interval) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
