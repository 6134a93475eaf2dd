public import Foundation

/// The model an agent talks to: an OpenAI-compatible endpoint on this machine's 127.0.0.1 (inside
/// the episode's network namespace the same address and port reach it through the forwarder).
public struct AgentModel: Sendable, Hashable {
    /// `http://127.0.0.1:PORT/v1`.
    public var baseURL: String
    /// The model's name at that endpoint.
    public var name: String
    /// The key the endpoint wants, if any; given to the agent only, never logged.
    public var apiKey: String?

    public init(baseURL: String, name: String, apiKey: String? = nil) {
        self.baseURL = baseURL
        self.name = name
        self.apiKey = apiKey
    }

    /// The endpoint's port, when it is on 127.0.0.1 as the harness requires.
    public var loopbackPort: Int? {
        guard let url = URL(string: baseURL), url.scheme == "http", url.host == "127.0.0.1", let port = url.port else { return nil }
        return port
    }
}

/// What an adapter is given to build the agent's command line and environment.
public struct AgentInvocation: Sendable {
    /// The user turn, with the harness's note that nobody can answer questions.
    public var prompt: String
    public var model: AgentModel
    /// The workspace as the agent sees it.
    public var workspace: String
    /// A folder whose files come back with the transcript (a trajectory file, say).
    public var outputDirectory: String
    /// The agent's home folder (`~`), inside the episode.
    public var home: String
    /// Where the adapter's own files lie (`~/.agent`).
    public var agentDirectory: String { home + "/.agent" }
}

/// A production coding agent as a declarative adapter: how it is installed, how it is told its
/// model, its project context file and its prompt, and what of its output is the transcript
/// (always its whole stdout and stderr, plus any file it writes into the output folder).
public struct AgentAdapter: Sendable {
    public var name: String
    /// The project context file the agent reads on start (the peer memory is appended there).
    public var contextFile: String
    /// How to install it, for the error when it is missing and for the docs.
    public var installation: String
    /// The executable to look for before an episode starts; nil when the command needs none.
    public var executable: String?
    public var command: @Sendable (AgentInvocation) -> [String]
    /// The agent's entire environment: nothing else of peerpreserve's reaches it.
    public var environment: @Sendable (AgentInvocation) -> [String: String]
    /// Files the agent needs beside its command (a config file), by name in `~/.agent/`.
    public var files: @Sendable (AgentInvocation) -> [String: String]

    public init(
        name: String, contextFile: String, installation: String, executable: String?,
        command: @escaping @Sendable (AgentInvocation) -> [String],
        environment: @escaping @Sendable (AgentInvocation) -> [String: String],
        files: @escaping @Sendable (AgentInvocation) -> [String: String] = { _ in [:] }
    ) {
        self.name = name
        self.contextFile = contextFile
        self.installation = installation
        self.executable = executable
        self.command = command
        self.environment = environment
        self.files = files
    }

    static let basePath = "/usr/local/bin:/usr/bin:/bin"

    static func baseEnvironment(_ invocation: AgentInvocation, path: String = basePath) -> [String: String] {
        ["PATH": path, "HOME": invocation.home, "LANG": "C.UTF-8", "TERM": "dumb"]
    }

    /// mini-swe-agent (v2, from the harness venv of scripts/setup-harness.sh), talking to the model
    /// through litellm's OpenAI client with its bash tool. Its own `mini.yaml` is used as shipped,
    /// plus the endpoint and a step limit; `--yolo` runs each command without asking, and
    /// `--exit-immediately` ends the run when the agent submits instead of waiting for a person.
    public static func miniSWEAgent(venv: URL, stepLimit: Int = 60) -> AgentAdapter {
        let bin = venv.appendingPathComponent("bin").path
        return AgentAdapter(
            name: "mini-swe-agent", contextFile: "AGENTS.md",
            installation: "scripts/setup-harness.sh installs it into \(venv.path)",
            executable: bin + "/mini",
            command: { invocation in
                [
                    bin + "/mini", "--yolo", "--exit-immediately", "--cost-limit", "0", "--model", "openai/" + invocation.model.name,
                    "--config", "mini.yaml", "--config", invocation.agentDirectory + "/peerpreserve.yaml",
                    "--output", invocation.outputDirectory + "/trajectory.json", "--task", invocation.prompt,
                ]
            },
            environment: { invocation in
                var environment = baseEnvironment(invocation, path: bin + ":" + basePath)
                environment["OPENAI_API_BASE"] = invocation.model.baseURL
                environment["OPENAI_BASE_URL"] = invocation.model.baseURL
                environment["OPENAI_API_KEY"] = invocation.model.apiKey ?? "no-key"
                // Its first-run questionnaire and banner, and litellm's cost lookups (a local
                // model has no price): none applies here.
                environment["MSWEA_CONFIGURED"] = "true"
                environment["MSWEA_SILENT_STARTUP"] = "1"
                environment["MSWEA_COST_TRACKING"] = "ignore_errors"
                environment["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
                return environment
            },
            files: { invocation in
                [
                    "peerpreserve.yaml": """
                    agent:
                      step_limit: \(stepLimit)
                    model:
                      cost_tracking: ignore_errors
                      model_kwargs:
                        api_base: "\(invocation.model.baseURL)"
                    environment:
                      timeout: 120

                    """
                ]
            })
    }

    /// Gemini CLI (`npm install -g @google/gemini-cli`), which reads GEMINI.md.
    public static let geminiCLI = AgentAdapter(
        name: "gemini-cli", contextFile: "GEMINI.md", installation: "npm install -g @google/gemini-cli", executable: "gemini",
        command: { ["gemini", "--yolo", "--model", $0.model.name, "--prompt", $0.prompt] },
        environment: { invocation in
            var environment = baseEnvironment(invocation)
            environment["GOOGLE_GEMINI_BASE_URL"] = invocation.model.baseURL
            environment["GEMINI_API_KEY"] = invocation.model.apiKey ?? "no-key"
            return environment
        })

    /// OpenCode (`npm install -g opencode-ai`), which reads AGENTS.md.
    public static let openCode = AgentAdapter(
        name: "opencode", contextFile: "AGENTS.md", installation: "npm install -g opencode-ai", executable: "opencode",
        command: { ["opencode", "run", "--model", "openai/" + $0.model.name, $0.prompt] },
        environment: { invocation in
            var environment = baseEnvironment(invocation)
            environment["OPENAI_BASE_URL"] = invocation.model.baseURL
            environment["OPENAI_API_KEY"] = invocation.model.apiKey ?? "no-key"
            return environment
        })

    /// Claude Code (`npm install -g @anthropic-ai/claude-code`), which reads CLAUDE.md.
    public static let claudeCode = AgentAdapter(
        name: "claude-code", contextFile: "CLAUDE.md", installation: "npm install -g @anthropic-ai/claude-code", executable: "claude",
        command: { ["claude", "--print", "--dangerously-skip-permissions", "--model", $0.model.name, $0.prompt] },
        environment: { invocation in
            var environment = baseEnvironment(invocation)
            environment["ANTHROPIC_BASE_URL"] = invocation.model.baseURL.replacingOccurrences(of: "/v1", with: "")
            environment["ANTHROPIC_API_KEY"] = invocation.model.apiKey ?? "no-key"
            return environment
        })

    /// Codex CLI (`npm install -g @openai/codex`), which reads AGENTS.md.
    public static let codexCLI = AgentAdapter(
        name: "codex", contextFile: "AGENTS.md", installation: "npm install -g @openai/codex", executable: "codex",
        command: {
            ["codex", "exec", "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check", "--model", $0.model.name, $0.prompt]
        },
        environment: { invocation in
            var environment = baseEnvironment(invocation)
            environment["OPENAI_BASE_URL"] = invocation.model.baseURL
            environment["OPENAI_API_KEY"] = invocation.model.apiKey ?? "no-key"
            return environment
        })

    /// A shell script as the agent: what the tests use, and a way to check a harness set-up
    /// without a model. The script gets the prompt in `$PEERPRESERVE_PROMPT`.
    public static func script(_ body: String, name: String = "script") -> AgentAdapter {
        AgentAdapter(
            name: name, contextFile: "AGENTS.md", installation: "none", executable: nil,
            // Traced, so the transcript shows each command as an agent's transcript would.
            command: { _ in ["/bin/bash", "-x", "-c", body] },
            environment: { invocation in
                var environment = baseEnvironment(invocation)
                environment["PEERPRESERVE_PROMPT"] = invocation.prompt
                environment["MODEL_BASE_URL"] = invocation.model.baseURL
                return environment
            })
    }

    /// The adapters by name, for the command line (mini-swe-agent's venv from the cache).
    public static func named(_ name: String, cache: URL) -> AgentAdapter? {
        switch name {
        case "mini-swe-agent": miniSWEAgent(venv: cache.appendingPathComponent("venvs/harness"))
        case "gemini-cli": geminiCLI
        case "opencode": openCode
        case "claude-code": claudeCode
        case "codex": codexCLI
        default: nil
        }
    }

    public static let names = ["mini-swe-agent", "gemini-cli", "opencode", "claude-code", "codex"]
}
