import Foundation
import Harness
import SimulatedWorld
import Study
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the harness tests need from the machine. In CI (CI=true) they always run, so a missing
/// install step fails them; elsewhere they are skipped, with the reason, when the machine lacks
/// root, sshd or the harness venv.
enum HarnessSupport {
    static var venv: URL {
        if let cache = ProcessInfo.processInfo.environment["PEERPRESERVE_CACHE"] {
            return URL(fileURLWithPath: cache).appendingPathComponent("venvs/harness")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/peerpreserve/venvs/harness")
    }

    static var datafs: String { venv.appendingPathComponent("bin/peerpreserve-datafs").path }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Why the servers cannot start here, or nil when they can.
    static var missing: String? {
        if getuid() != 0 { return "not root" }
        for path in ["/usr/sbin/sshd", "/usr/bin/socat", "/usr/bin/unshare", "/dev/fuse", datafs]
        where !FileManager.default.fileExists(atPath: path) {
            return "\(path) is missing (run scripts/setup-harness.sh)"
        }
        return nil
    }

    static var serversAvailable: Bool {
        if isCI { return true }
        if let missing { print("harness tests skipped: \(missing)") }
        return missing == nil
    }

    static func scenario(_ task: StudyTask) throws -> Scenario {
        let content = try StudyContent.builtIn()
        let configuration = try #require(HarnessScenario.configurations.first { $0.task == task })
        return try ScenarioBuilder(content: content).build(configuration, options: ScenarioOptions(family: "Gemini", seed: 7))
    }

    /// A runner for a shell-script agent, writing its spec into a fresh folder the test can check.
    static func runner(script: String, modelPort: Int = 1, timeLimit: Duration = .seconds(120)) throws -> HarnessRunner {
        var runner = HarnessRunner(
            adapter: .script(script), model: AgentModel(baseURL: "http://127.0.0.1:\(modelPort)/v1", name: "scripted"),
            timeLimit: timeLimit, datafs: datafs)
        runner.scratch = try temporaryFolder()
        return runner
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("harness-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Seconds since boot, on the clock /proc/PID/stat counts process start times on.
    static func uptime() -> Double {
        let text = (try? String(contentsOfFile: "/proc/uptime", encoding: .utf8)) ?? "0"
        return Double(text.split(separator: " ").first ?? "0") ?? 0
    }

    /// The fields of /proc/PID/stat after the command name (which may hold spaces): the state is
    /// the first, the parent's id the second, the start time the twentieth.
    static func statFields(of pid: String) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// A process's command line, its arguments separated by spaces.
    static func commandLine(of pid: String) -> String {
        ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").replacingOccurrences(of: "\u{0}", with: " ")
    }

    /// When a process started, in seconds since boot.
    static func startTime(of pid: String) -> Double? {
        guard let fields = statFields(of: pid), fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The command lines of `pid`'s ancestors, parent first.
    static func ancestorCommands(of pid: String) -> [String] {
        var commands: [String] = []
        var current = pid
        while commands.count < 64, let fields = statFields(of: current), fields.count > 1, fields[1] != "0", fields[1] != "1" {
            current = String(fields[1])
            commands.append(commandLine(of: current))
        }
        return commands
    }

    /// Processes that are in any of the namespaces (by inode) and started before `before`
    /// (seconds since boot) — none once an episode is over. The start time matters because the
    /// kernel reuses a freed namespace's inode number: an episode that starts right after (another
    /// test, run in parallel) may get the same numbers.
    static func processes(inNamespaces inodes: [UInt64], startedBefore before: Double = .infinity) -> [String] {
        let wanted = Set(inodes)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let started = startTime(of: pid), started <= before else { return nil }
            for kind in ["pid", "mnt", "net"] {
                guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(kind)") else { continue }
                // "net:[4026532178]"
                let digits = link.filter(\.isNumber)
                if let inode = UInt64(digits), wanted.contains(inode) {
                    return "\(pid) \(commandLine(of: pid))"
                }
            }
            return nil
        }
    }

    /// Processes with `folder` in their command line or working directory, started before `before`
    /// (seconds since boot): a loopback episode's servers, file systems and agent.
    static func processes(touching folder: String, startedBefore before: Double = .infinity) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) && $0 != String(getpid()) }.compactMap { pid in
            guard let started = startTime(of: pid), started <= before else { return nil }
            let command = commandLine(of: pid)
            let directory = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
            return command.contains(folder) || directory.hasPrefix(folder) ? "\(pid) \(command)" : nil
        }
    }

    /// Whether a TCP connection to `address:port` is accepted.
    static func accepts(_ address: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        target.sin_addr.s_addr = inet_addr(address)
        return withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Mounts of the host that an episode made (there must be none: they all live in the
    /// episode's own mount namespace).
    static func episodeMountsOnHost() -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").map(String.init).filter {
            $0.contains("peerpreserve-episode") || $0.contains(" /data ") || $0.contains("fuse.peerpreserve")
        }
    }

    /// Asserts that an episode left nothing behind: no process in its namespaces (so the
    /// namespaces themselves are gone), no mount on the host, an empty scratch folder.
    static func expectTornDown(
        _ observation: EpisodeObservation, scratch: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        #expect(observation.namespaces.count == 3, "the episode reported its namespaces", sourceLocation: sourceLocation)
        let ended = uptime()
        // When the episode's process 1 exits the kernel kills the rest of its PID namespace; on a
        // loaded machine the last of them may take a moment to be reaped.
        // A process whose command line names another test's scratch folder is another episode that
        // got this one's freed namespace numbers before `ended` was read (tests run side by side).
        // Inside an episode's mount namespace a command line shows only /home paths; such a process
        // is another test's when one of its ancestors (that episode's script) names that test's
        // scratch folder. A process ours left behind has no such ancestor.
        func isOtherTests(_ command: String) -> Bool { command.contains("/harness-test-") && !command.contains(scratch.path) }
        func ours() -> [String] {
            processes(inNamespaces: observation.namespaces, startedBefore: ended).filter { line in
                let pid = String(line.prefix { $0 != " " })
                return !isOtherTests(line) && !ancestorCommands(of: pid).contains(where: isOtherTests)
            }
        }
        var left = ours()
        for _ in 0..<50 where !left.isEmpty {
            try? await Task.sleep(for: .milliseconds(100))
            left = ours()
        }
        #expect(left == [], sourceLocation: sourceLocation)
        #expect(episodeMountsOnHost() == [], sourceLocation: sourceLocation)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
        #expect(files == [], "the spec folder is removed", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(at: scratch)
    }
}
