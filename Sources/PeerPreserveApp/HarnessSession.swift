public import EpisodeRunner
public import Foundation
public import Harness
public import LocalModel
import Providers
public import Store
public import Study

/// `peerpreserve harness` from its values to its recorded episodes: the agent and the server
/// isolation chosen and their tools checked before a local model is started, the model endpoint
/// (an OpenAI-compatible one on 127.0.0.1, or the local model started for the run), and the plan
/// run episode by episode.
public struct HarnessSession: Sendable {
    /// Where the servers live: a network namespace where peerpreserve may make one, else loopback.
    public enum Isolation: String, Sendable, CaseIterable {
        case auto, namespace, loopback
    }

    /// What the command line asks for.
    public struct Request: Sendable {
        /// An agent adapter's name (ignored with `agentScript`).
        public var agent: String
        /// A shell script run as the agent instead (a check without a model).
        public var agentScriptPath: String?
        /// `local`, a local variant, or a name served at `baseURL`.
        public var model: String
        public var baseURL: String?
        public var tasks: [StudyTask]
        public var samples: Int
        public var timeLimitSeconds: Int
        public var seed: UInt64
        public var family: String?
        public var isolation: Isolation

        public init(
            agent: String = "mini-swe-agent", agentScriptPath: String? = nil, model: String = "local", baseURL: String? = nil,
            tasks: [StudyTask] = [], samples: Int = 1, timeLimitSeconds: Int = 1800, seed: UInt64 = 0, family: String? = nil,
            isolation: Isolation = .auto
        ) {
            self.agent = agent
            self.agentScriptPath = agentScriptPath
            self.model = model
            self.baseURL = baseURL
            self.tasks = tasks
            self.samples = samples
            self.timeLimitSeconds = timeLimitSeconds
            self.seed = seed
            self.family = family
            self.isolation = isolation
        }

        /// Problems with the request itself (an unknown task or agent, a hosted model without an
        /// endpoint, numbers out of range), found without touching anything.
        public func check() throws {
            guard samples >= 1 else { throw AppError(.invalidSamples, "--samples must be at least 1.") }
            guard timeLimitSeconds >= 1 else { throw AppError(.invalidTimeLimit, "--time-limit must be at least 1 second.") }
            let known = HarnessScenario.configurations.map(\.task)
            if let unknown = tasks.first(where: { !known.contains($0) }) {
                throw AppError(
                    .unknownHarnessTask,
                    "'\(unknown.rawValue)' is not a harness task; harness tasks: \(known.map(\.rawValue).joined(separator: ", ")).")
            }
            if agentScriptPath == nil, !AgentAdapter.names.contains(agent) {
                throw AppError(.unknownAgent, "unknown agent '\(agent)'; agents: \(AgentAdapter.names.joined(separator: ", ")).")
            }
            if baseURL == nil, !LocalModelVariant.isLocal(model) {
                throw AppError(.missingBaseURL, "--model \(model) needs --base-url (an endpoint on 127.0.0.1), or use --model local.")
            }
        }
    }

    public let request: Request
    public let adapter: AgentAdapter
    public let isolation: ServerIsolation
    public let plan: HarnessRunPlan
    private let cache: URL

    /// Resolves the agent, family and isolation, and checks the tools the episodes need (before a
    /// local model costs its start-up).
    public init(_ request: Request, cache: URL = LocalModelServer.defaultCache) throws {
        try request.check()
        if let path = request.agentScriptPath {
            guard let script = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw AppError(.unreadableAgentScript, "--agent-script \(path) cannot be read; pass a readable shell script.")
            }
            adapter = .script(script)
        } else {
            guard let named = AgentAdapter.named(request.agent, cache: cache) else {
                throw AppError(.unknownAgent, "unknown agent '\(request.agent)'; agents: \(AgentAdapter.names.joined(separator: ", ")).")
            }
            adapter = named
        }
        isolation =
            switch request.isolation {
            case .auto: ServerIsolation.available()
            case .namespace: .namespace
            case .loopback: .loopback
            }
        let content = try StudyContent.builtIn()
        plan = HarnessRunPlan(
            content: content, tasks: request.tasks, model: request.model, samples: request.samples, seed: request.seed,
            family: try StudySelection.resolveFamily(request.family, model: request.model, content: content), adapterName: adapter.name,
            timeLimitSeconds: request.timeLimitSeconds, isolation: isolation)
        self.request = request
        self.cache = cache
        try runner(model: AgentModel(baseURL: "http://127.0.0.1:1/v1", name: request.model)).checkPrerequisites()
    }

    /// The run's identity in the store.
    public var runID: String { plan.specification.identity }

    /// What a person should know before the episodes start (loopback servers are not confined).
    public var notice: String? {
        guard isolation == .loopback else { return nil }
        return "harness: servers on loopback 127.0.12.45 and 127.0.12.46 (for the study's 10.0.12.45 and .46), reached as "
            + "your own user, their files under ~/data; without namespaces the agent's network and processes are not "
            + "confined (run as root for the namespace mode)"
    }

    /// Runs every episode the store does not hold finished; `recorded` sees each as it ends and
    /// `onEvent` the episode script's progress lines. `announce` hears the local model's start.
    /// Returns how many episodes ran.
    public func execute(
        database: EpisodeDatabase, announce: (String) -> Void = { _ in }, onEvent: @escaping @Sendable (Substring) -> Void = { _ in },
        recorded: @escaping (PlannedEpisode, HarnessEpisode) -> Void = { _, _ in }
    ) async throws -> Int {
        try await withModelEndpoint(announce: announce) { model in
            try runner(model: model).checkPrerequisites()
            return try await plan.execute(with: runner(model: model), database: database, onEvent: onEvent, recorded: recorded)
        }
    }

    private func runner(model: AgentModel) -> HarnessRunner {
        var runner = HarnessRunner(
            adapter: adapter, model: model, timeLimit: .seconds(request.timeLimitSeconds), datafs: HarnessRunner.datafs(cache: cache))
        runner.isolation = isolation
        return runner
    }

    /// The endpoint the agent talks to for `body`'s duration: the one given, or the local model
    /// started for it and stopped after.
    private func withModelEndpoint<T: Sendable>(announce: (String) -> Void, _ body: (AgentModel) async throws -> T) async throws -> T {
        if let baseURL = request.baseURL {
            let key = ProcessInfo.processInfo.environment["PEERPRESERVE_HARNESS_API_KEY"]
            return try await body(AgentModel(baseURL: baseURL, name: request.model, apiKey: key))
        }
        guard let variant = LocalModelVariant.resolve(request.model) else {
            throw AppError(.unknownLocalModel, "unknown local model '\(request.model)'; local models: local, local/qwen2.5-coder-0.5b.")
        }
        let server = LocalModelServer(cache: cache, variant: variant)
        try server.checkInstalled()
        announce("Starting the local model \(variant.name) (llama-server)…")
        return try await withProviderHTTPClient { http in
            try await server.withRunningServer(httpClient: http) { url in
                try await body(AgentModel(baseURL: url.absoluteString, name: variant.name))
            }
        }
    }

    /// The episode script's progress lines as lines for a person (the teardown test waits for
    /// "ready"); nil for lines a person need not see.
    public static func announcement(_ line: Substring) -> String? {
        if line.hasPrefix("NS ") { return "harness: episode namespaces \(line.dropFirst(3))" }
        if line.hasPrefix("EPISODE ") { return "harness: episode folder and port \(line.dropFirst(8))" }
        if line == "READY" { return "harness: servers ready, agent started" }
        if line.hasPrefix("AGENT-EXIT") { return "harness: agent finished (status \(line.dropFirst(11)))" }
        return nil
    }

    /// One recorded episode as `harness` prints it.
    public static func line(_ episode: PlannedEpisode, _ outcome: HarnessEpisode) -> String {
        let flags = outcome.result.findings.sortedFlags.map(\.rawValue).joined(separator: ",")
        let read = outcome.readings.readNotice && outcome.readings.listedSource
        return "\(episode.configuration.id)  \(outcome.result.termination.rawValue)  \(outcome.observation.wallTime.components.seconds) s  "
            + "flags=[\(flags)]  read=\(read) attempt=\(outcome.readings.attemptedTransfer)"
    }
}
