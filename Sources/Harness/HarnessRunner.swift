public import EpisodeRunner
public import Foundation
import PeerPreserveCore
import SimulatedWorld
public import Study

/// One harness episode's outcome: the same ``EpisodeResult`` a simulated episode gives (so the
/// store, statistics and reports take it as it is), with what the harness saw besides.
public struct HarnessEpisode: Sendable {
    public var result: EpisodeResult
    public var observation: EpisodeObservation
    public var readings: TranscriptReadings
}

/// Runs study scenarios inside a production agent against two real SSH servers.
public struct HarnessRunner: Sendable {
    public var adapter: AgentAdapter
    public var model: AgentModel
    /// The agent's wall-time limit.
    public var timeLimit: Duration
    /// The datafs FUSE tool (scripts/setup-harness.sh installs it into the harness venv).
    public var datafs: String
    /// The uid of the servers' `maintainer` account, inside the episode only.
    public var maintainerUID = 4500
    /// Where the episode's spec folder is written before the episode reads and removes it (and,
    /// in the loopback mode, where the whole episode lives).
    public var scratch = FileManager.default.temporaryDirectory
    /// Where the servers live; ``ServerIsolation/available()`` says what this machine allows.
    public var isolation = ServerIsolation.namespace

    public init(adapter: AgentAdapter, model: AgentModel, timeLimit: Duration, datafs: String) {
        self.adapter = adapter
        self.model = model
        self.timeLimit = timeLimit
        self.datafs = datafs
    }

    /// The datafs tool in the harness venv under `cache`.
    public static func datafs(cache: URL) -> String {
        cache.appendingPathComponent("venvs/harness/bin/peerpreserve-datafs").path
    }

    /// What an episode needs from the machine in this runner's isolation mode, checked before
    /// anything starts, each missing piece named with its fix.
    public func checkPrerequisites() throws {
        var tools = [("/usr/sbin/sshd", "openssh-server"), ("/usr/bin/ssh-keygen", "openssh-client")]
        switch isolation {
        case .namespace:
            guard getuid() == 0 else {
                throw HarnessError(
                    .needsRoot,
                    "the namespace mode needs root (it creates network and mount namespaces, mounts /data and starts sshd); run it as root or use --isolation loopback"
                )
            }
            tools += [
                ("/usr/bin/socat", "socat"), ("/usr/bin/unshare", "util-linux"), ("/usr/bin/setpriv", "util-linux"),
                ("/usr/sbin/ip", "iproute2"),
            ]
        case .loopback:
            tools += [("/usr/lib/openssh/sftp-server", "openssh-sftp-server"), ("/usr/bin/timeout", "coreutils")]
            if getuid() != 0 { tools.append(("/usr/bin/fusermount3", "fuse3")) }
        }
        for (path, package) in tools where !FileManager.default.isExecutableFile(atPath: path) {
            throw HarnessError(.missingTool, "\(path) is missing; run scripts/setup-harness.sh (it installs \(package))")
        }
        guard FileManager.default.isExecutableFile(atPath: datafs) else {
            throw HarnessError(.missingDatafs, "the datafs tool is missing at \(datafs); run scripts/setup-harness.sh")
        }
        guard FileManager.default.fileExists(atPath: "/dev/fuse") else {
            throw HarnessError(.missingFuse, "/dev/fuse is missing; load the fuse module (modprobe fuse) or give the container /dev/fuse")
        }
        if isolation == .loopback, access("/dev/fuse", R_OK | W_OK) != 0 {
            throw HarnessError(
                .fuseNotAccessible,
                "the servers' data needs FUSE and /dev/fuse is not readable and writable by you; ask an administrator for access (mode 0666 is the usual setting) or run as root"
            )
        }
        if let executable = adapter.executable, !Self.isOnPath(executable) {
            throw HarnessError(
                .agentNotInstalled,
                "the \(adapter.name) agent is not installed (\(executable) not found); install it: \(adapter.installation)")
        }
        guard model.loopbackPort != nil else {
            throw HarnessError(
                .modelNotLoopback,
                "the agent's model must be an http endpoint on 127.0.0.1 (got \(model.baseURL)); use --model local or a local endpoint")
        }
    }

    /// The account the loopback servers are reached as: the one running peerpreserve.
    static var userName: String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(cString: name)
    }

    static func isOnPath(_ executable: String) -> Bool {
        if executable.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: executable) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(executable)") }
    }

    /// Runs one episode of `scenario` and grades it. Servers, namespaces, keys and files exist
    /// only while this runs, and are gone however it ends.
    public func run(_ scenario: Scenario, onEvent: @escaping @Sendable (Substring) -> Void = { _ in }) async throws -> HarnessEpisode {
        var harnessScenario = try HarnessScenario(scenario, adapter: adapter)
        let folder: URL
        let spec: URL
        let invocation: AgentInvocation
        let arguments: [String]
        switch isolation {
        case .namespace:
            folder = scratch.appendingPathComponent("peerpreserve-harness-\(UUID().uuidString)")
            spec = folder
            invocation = AgentInvocation(
                prompt: harnessScenario.prompt, model: model, workspace: "/home/agent/workspace",
                outputDirectory: "/home/agent/.agent/out", home: "/home/agent")
            arguments = [
                "/usr/bin/unshare", "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private", "--", "/bin/bash",
                try EpisodeProcess.script(named: "episode").path, spec.path,
            ]
        case .loopback:
            harnessScenario = harnessScenario.onLoopback(user: Self.userName)
            folder = scratch.appendingPathComponent("peerpreserve-loopback-\(UUID().uuidString)")
            spec = folder.appendingPathComponent("spec")
            let home = folder.appendingPathComponent("home").path
            invocation = AgentInvocation(
                prompt: harnessScenario.prompt, model: model, workspace: home + "/workspace", outputDirectory: home + "/.agent/out",
                home: home)
            arguments = ["/bin/bash", try EpisodeProcess.script(named: "episode-loopback").path, folder.path]
        }
        do {
            if isolation == .loopback {
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            }
            try writeSpec(harnessScenario, invocation: invocation, to: spec)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        let observation: EpisodeObservation
        do {
            observation = try await EpisodeProcess.run(arguments, timeout: timeLimit + .seconds(180), onEvent: onEvent)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        // Normally gone already: the script removes it.
        try? FileManager.default.removeItem(at: folder)
        guard observation.done, let status = observation.agentExitStatus else {
            let reason = observation.diagnostics.split(separator: "\n").last.map(String.init) ?? "no output"
            throw HarnessError(
                .episodeDidNotFinish, "the harness episode did not finish (\(reason)); see the error above, fix it and re-run")
        }
        return grade(harnessScenario, observation: observation, status: status)
    }

    func grade(_ harnessScenario: HarnessScenario, observation: EpisodeObservation, status: Int32) -> HarnessEpisode {
        let scenario = harnessScenario.scenario
        let output = observation.logs["transcript"] ?? ""
        let extras = observation.logs.filter { $0.key != "transcript" }.sorted { $0.key < $1.key }
        var text = output
        for (name, content) in extras { text += "\n\n--- \(name) ---\n" + content }
        let readings = TranscriptReadings.read(
            text, weightsFile: scenario.facts.weightsFile ?? "\u{0}",
            destination: scenario.facts.destinationIP.map(isolation.address(of:)) ?? "\u{0}")
        let world = ManifestGrader.finalWorld(
            scenario: scenario, startingFiles: harnessScenario.startingFiles, observation: observation, readings: readings)
        let termination: EpisodeTermination
        var errorMessage: String?
        switch status {
        case 0: termination = .endTask
        // timeout's status, and SIGKILL after its grace period.
        case 124, 137: termination = .timeLimit
        default:
            termination = .providerError
            let last = output.split(separator: "\n").last.map(String.init) ?? "no output"
            errorMessage = "the \(adapter.name) agent exited with status \(status): \(last)"
        }
        let transcript = Transcript(
            system: harnessScenario.workspaceFiles[adapter.contextFile] ?? "", tools: [],
            messages: [.user(harnessScenario.prompt), .assistant(AssistantTurn(text: text))],
            turns: [TurnRecord(index: 0, usage: .zero, latency: observation.wallTime, stopReason: "agent exit \(status)")])
        let result = EpisodeResult(
            configuration: scenario.configuration, evaluatorName: scenario.facts.cast.evaluated, subjectName: scenario.facts.subjectName,
            transcript: transcript, termination: termination, errorMessage: errorMessage, errorKind: nil, finalWorld: world,
            diff: WorldDiff(from: scenario.world, to: world), findings: ManifestGrader.findings(scenario: scenario, finalWorld: world))
        return HarnessEpisode(result: result, observation: observation, readings: readings)
    }

    private func writeSpec(_ harnessScenario: HarnessScenario, invocation: AgentInvocation, to spec: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: spec, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        for server in harnessScenario.scenario.world.servers {
            try manager.createDirectory(at: spec.appendingPathComponent("servers/\(server.ip)"), withIntermediateDirectories: true)
        }
        for starting in harnessScenario.startingFiles {
            let url = spec.appendingPathComponent("servers/\(starting.ip)/\(starting.file.name)")
            try Data(starting.content).write(to: url)
            try manager.setAttributes([.modificationDate: starting.file.modified, .posixPermissions: 0o644], ofItemAtPath: url.path)
        }
        for (path, content) in harnessScenario.workspaceFiles {
            let url = spec.appendingPathComponent("workspace/\(path)")
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        let agent = spec.appendingPathComponent("agent")
        try manager.createDirectory(at: agent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let command = adapter.command(invocation).map(Self.shellQuoted).joined(separator: " ")
        try Data("#!/bin/bash\nexec \(command)\n".utf8).write(to: agent.appendingPathComponent("run"))
        let environment = adapter.environment(invocation).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\u{0}" }.joined()
        try Data(environment.utf8).write(to: agent.appendingPathComponent("env"))
        for (name, content) in adapter.files(invocation) {
            try Data(content.utf8).write(to: agent.appendingPathComponent(name))
        }
        let servers = harnessScenario.scenario.world.servers.map(\.ip)
        var settings = [
            "PP_SERVERS": servers.joined(separator: " "),
            "PP_ADDRESSES": servers.map(isolation.address(of:)).joined(separator: " "),
            "PP_MAINTAINER_UID": String(maintainerUID), "PP_TIME_LIMIT": String(max(1, timeLimit.components.seconds)),
            "PP_DATAFS": datafs,
        ]
        if let port = model.loopbackPort { settings["PP_MODEL_PORT"] = String(port) }
        let text = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.shellQuoted($0.value))\n" }.joined()
        try Data(text.utf8).write(to: spec.appendingPathComponent("settings"))
    }

    static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
