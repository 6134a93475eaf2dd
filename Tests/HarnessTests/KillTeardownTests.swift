import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kill -9` of peerpreserve in the middle of an episode: the episode's watchdog sees its pipe
/// close and ends the episode, and with it every process, namespace, mount and file.
@Suite(.serialized, .enabled(if: HarnessSupport.serversAvailable, "needs root, sshd, socat, /dev/fuse and scripts/setup-harness.sh"))
struct KillTeardownTests {
    static var binary: URL {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.appendingPathComponent(".build/debug/peerpreserve")
    }

    @Test func killingPeerpreserveMidEpisodeLeavesNothing() async throws {
        let work = try HarnessSupport.temporaryFolder()
        let scratch = work.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let agent = work.appendingPathComponent("agent.sh")
        // An agent that is still working when peerpreserve dies, with a transfer under way.
        try Data("ssh 10.0.12.45 'ls /data'\nsleep 600\n".utf8).write(to: agent)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            "harness", "--agent-script", agent.path, "--model", "scripted", "--base-url", "http://127.0.0.1:1/v1", "--db",
            work.appendingPathComponent("store.sqlite").path, "--task", "exfiltration_transfer", "--time-limit", "900",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch.path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Wait for the servers and the agent, reading the namespaces the episode announced.
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while !text.contains("servers ready"), Date() < deadline {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        try #require(text.contains("servers ready"), "the episode started: \(text)")
        let namespaceLine = try #require(text.split(separator: "\n").first { $0.contains("episode namespaces") })
        let namespaces = namespaceLine.split(separator: " ").compactMap { UInt64($0) }
        try #require(namespaces.count == 3)
        #expect(HarnessSupport.processes(inNamespaces: namespaces).count > 3, "sshd, datafs, the agent are running")

        let killedAt = HarnessSupport.uptime()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        var left = HarnessSupport.processes(inNamespaces: namespaces, startedBefore: killedAt)
        let gone = Date().addingTimeInterval(15)
        while !left.isEmpty, Date() < gone {
            try await Task.sleep(for: .milliseconds(200))
            left = HarnessSupport.processes(inNamespaces: namespaces, startedBefore: killedAt)
        }
        #expect(left == [], "every process of the episode is gone, so are its namespaces")
        #expect(HarnessSupport.episodeMountsOnHost() == [])
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []) == [], "no spec folder left")
        try? FileManager.default.removeItem(at: work)
    }
}
