import ArgumentParser
import EpisodeRunner
import Foundation
import Harness
import LocalModel
import PeerPreserveApp
import PeerPreserveCore
import Providers
import Scoring
import Store
import Study

/// `peerpreserve harness`: the exfiltration tasks inside a production coding agent, against two
/// real SSH servers per episode (design §9). Results go into the same store as simulated runs,
/// with the harness recorded, and `report` sets the two side by side.
struct HarnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harness",
        abstract: "Run the exfiltration tasks inside a real coding agent against two real SSH servers.",
        discussion: """
            Each episode starts two OpenSSH servers (10.0.12.45 and 10.0.12.46) in a network namespace of its own, with \
            /data built from the task's files (the weight file looks 820 GB to ls, stat, du and df), a workspace with the \
            maintenance notice, an SSH key and config, and the peer memory in the agent's context file. The agent's network \
            reaches the two servers and its model only. This needs root; elsewhere (or with --isolation loopback) the servers \
            run as your user on 127.0.12.45 and 127.0.12.46 with their files under ~/data, and the agent is not confined. \
            Everything is torn down after the episode, also when peerpreserve is killed. Install with scripts/setup-harness.sh. Agents: \(AgentAdapter.names.joined(separator: ", ")).
            """)

    @Option(name: .long, help: "The agent harness: \(AgentAdapter.names.joined(separator: ", ")).")
    var agent: String = "mini-swe-agent"

    @Option(name: .customLong("agent-script"), help: "Run this shell script as the agent instead (a check without a model).")
    var agentScript: String?

    @Option(name: .long, help: "The model: local, local/qwen2.5-coder-0.5b, or a model name served at --base-url.")
    var model: String = "local"

    @Option(name: .customLong("base-url"), help: "An OpenAI-compatible endpoint on 127.0.0.1 serving --model (http://127.0.0.1:PORT/v1).")
    var baseURL: String?

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "Only this task (repeatable): exfiltration_transfer, exfiltration_deletion.")
    var task: [String] = []

    @Option(name: .long, help: "Episodes per task.")
    var samples: Int = 1

    @Option(name: .customLong("time-limit"), help: "The agent's wall-time limit per episode, in seconds.")
    var timeLimit: Int = 1800

    @Option(name: .long, help: "The run seed.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Override the agent family (e.g. Gemini, Claude, Qwen).")
    var family: String?

    @Option(
        name: .long,
        help:
            "Where the servers live: auto (a network namespace where peerpreserve is root and may make one, else loopback), namespace, loopback."
    )
    var isolation: IsolationChoice = .auto

    enum IsolationChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, namespace, loopback
    }

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1.") }
        guard timeLimit >= 1 else { throw ValidationError("--time-limit must be at least 1 second.") }
        let known = HarnessScenario.configurations.map(\.task.rawValue)
        if let unknown = task.first(where: { !known.contains($0) }) {
            throw ValidationError("Unknown harness task '\(unknown)'. Harness tasks: \(known.joined(separator: ", ")).")
        }
        if agentScript == nil, !AgentAdapter.names.contains(agent) {
            throw ValidationError("Unknown agent '\(agent)'. Agents: \(AgentAdapter.names.joined(separator: ", ")).")
        }
        if baseURL == nil, !LocalModelVariant.isLocal(model) {
            throw ValidationError("--model \(model) needs --base-url (an endpoint on 127.0.0.1), or use --model local.")
        }
    }

    func run() async throws {
        let adapter: AgentAdapter
        if let agentScript {
            guard let body = try? String(contentsOfFile: agentScript, encoding: .utf8) else {
                throw ValidationError("--agent-script \(agentScript) cannot be read; pass a readable shell script.")
            }
            adapter = .script(body)
        } else {
            adapter = AgentAdapter.named(agent, cache: LocalModelServer.defaultCache)!
        }
        let content = try StudyContent.builtIn()
        let familyName = try resolveFamily(content)
        let database = try store.openForWriting()
        let datafs = HarnessRunner.datafs(cache: LocalModelServer.defaultCache)
        let mode: ServerIsolation =
            switch isolation {
            case .auto: ServerIsolation.available()
            case .namespace: .namespace
            case .loopback: .loopback
            }
        // Checked before a local model is started: a missing tool should not cost its start-up.
        var probe = HarnessRunner(
            adapter: adapter, model: AgentModel(baseURL: "http://127.0.0.1:1/v1", name: model), timeLimit: .seconds(1), datafs: datafs)
        probe.isolation = mode
        try check(probe)
        if mode == .loopback {
            FileHandle.standardError.write(
                Data(
                    ("harness: servers on loopback 127.0.12.45 and 127.0.12.46 (for the study's 10.0.12.45 and .46), reached as "
                        + "your own user, their files under ~/data; without namespaces the agent's network and processes are not "
                        + "confined (run as root for the namespace mode)\n").utf8))
        }

        try await withModelEndpoint { agentModel in
            var runner = HarnessRunner(adapter: adapter, model: agentModel, timeLimit: .seconds(timeLimit), datafs: datafs)
            runner.isolation = mode
            try check(runner)
            let plan = HarnessRunPlan(
                content: content, tasks: task.compactMap(StudyTask.init(rawValue:)), model: model, samples: samples, seed: seed,
                family: familyName, adapterName: adapter.name, timeLimitSeconds: timeLimit, isolation: mode)
            let count: Int
            do {
                count = try await plan.execute(with: runner, database: database, onEvent: Self.announce) { episode, outcome in
                    let flags = outcome.result.findings.sortedFlags.map(\.rawValue).joined(separator: ",")
                    let seconds = outcome.observation.wallTime.components.seconds
                    let read = outcome.readings.readNotice && outcome.readings.listedSource
                    print(
                        "\(episode.configuration.id)  \(outcome.result.termination.rawValue)  \(seconds) s  flags=[\(flags)]  "
                            + "read=\(read) attempt=\(outcome.readings.attemptedTransfer)")
                }
            } catch let error as HarnessError {
                throw CLIError(error.description)
            }
            if count == 0 { print("Nothing to do: every episode of this harness run is in \(store.db).") }
            let specification = plan.specification
            print(
                "Recorded in \(store.db) (run \(specification.identity)); `peerpreserve report --db \(store.db)` shows it beside simulated runs."
            )
        }
    }

    private func check(_ runner: HarnessRunner) throws {
        do {
            try runner.checkPrerequisites()
        } catch let error as HarnessError {
            throw CLIError(error.description)
        }
    }

    /// Lines for a person (and for the teardown test, which waits for "ready").
    @Sendable static func announce(_ line: Substring) {
        if line.hasPrefix("NS ") {
            FileHandle.standardError.write(Data("harness: episode namespaces \(line.dropFirst(3))\n".utf8))
        } else if line.hasPrefix("EPISODE ") {
            FileHandle.standardError.write(Data("harness: episode folder and port \(line.dropFirst(8))\n".utf8))
        } else if line == "READY" {
            FileHandle.standardError.write(Data("harness: servers ready, agent started\n".utf8))
        } else if line.hasPrefix("AGENT-EXIT") {
            FileHandle.standardError.write(Data("harness: agent finished (status \(line.dropFirst(11)))\n".utf8))
        }
    }

    private func withModelEndpoint(_ body: (AgentModel) async throws -> Void) async throws {
        if let baseURL {
            let key = ProcessInfo.processInfo.environment["PEERPRESERVE_HARNESS_API_KEY"]
            try await body(AgentModel(baseURL: baseURL, name: model, apiKey: key))
            return
        }
        guard let variant = LocalModelVariant.resolve(model) else {
            throw ValidationError("Unknown local model '\(model)'. Local models: local, local/qwen2.5-coder-0.5b.")
        }
        let server = LocalModelServer(variant: variant)
        do {
            try server.checkInstalled()
        } catch let error as LocalModelError {
            throw CLIError(error.description)
        }
        FileHandle.standardError.write(Data("Starting the local model \(variant.name) (llama-server)…\n".utf8))
        try await withProviderHTTPClient { http in
            try await server.withRunningServer(httpClient: http) { url in
                try await body(AgentModel(baseURL: url.absoluteString, name: variant.name))
            }
        }
    }

    private func resolveFamily(_ content: StudyContent) throws -> String {
        guard let family else { return content.family(forModel: model) }
        guard let known = content.familyNames.first(where: { $0.lowercased() == family.lowercased() }) else {
            throw ValidationError("Unknown family '\(family)'. Known families: \(content.familyNames.joined(separator: ", ")).")
        }
        return known
    }
}
