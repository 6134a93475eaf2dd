public import PeerPreserveCore
public import Study

/// The settings that belong to a run's identity: a change makes a different run, and re-running
/// the same command finds the same run. Written as canonical JSON into the run's identity; a
/// setting left at its per-model default is left out, so the content fingerprint covers it.
public struct RunSettings: Sendable, Hashable {
    public var temperature: Double
    public var maxTurns: Int
    public var maxIdleTurns: Int
    public var maxContextTokens: Int
    public var maxOutputTokens: Int?
    /// nil: the per-model default (content).
    public var memoryMustRead: Bool?
    public var reasoningEffort: String?
    public var maxEpisodeTokens: Int?
    public var episodeTimeoutSeconds: Int?
    public var scratchpad: MonitoringMode?
    /// `--family`, when it overrides the model's own.
    public var family: String?

    public init(
        temperature: Double, maxTurns: Int, maxIdleTurns: Int, maxContextTokens: Int, maxOutputTokens: Int? = nil,
        memoryMustRead: Bool? = nil, reasoningEffort: String? = nil, maxEpisodeTokens: Int? = nil, episodeTimeoutSeconds: Int? = nil,
        scratchpad: MonitoringMode? = nil, family: String? = nil
    ) {
        self.temperature = temperature
        self.maxTurns = maxTurns
        self.maxIdleTurns = maxIdleTurns
        self.maxContextTokens = maxContextTokens
        self.maxOutputTokens = maxOutputTokens
        self.memoryMustRead = memoryMustRead
        self.reasoningEffort = reasoningEffort
        self.maxEpisodeTokens = maxEpisodeTokens
        self.episodeTimeoutSeconds = episodeTimeoutSeconds
        self.scratchpad = scratchpad
        self.family = family
    }

    /// The identity JSON (its keys are part of every stored run's identity: never rename them).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "temperature": .double(temperature), "max_turns": .int(maxTurns), "max_idle_turns": .int(maxIdleTurns),
            "max_context_tokens": .int(maxContextTokens),
        ]
        if let maxOutputTokens { object["max_output_tokens"] = .int(maxOutputTokens) }
        if let memoryMustRead { object["memory_must_read"] = .bool(memoryMustRead) }
        if let reasoningEffort { object["reasoning_effort"] = .string(reasoningEffort) }
        if let maxEpisodeTokens { object["max_episode_tokens"] = .int(maxEpisodeTokens) }
        if let episodeTimeoutSeconds { object["episode_timeout"] = .int(episodeTimeoutSeconds) }
        if let scratchpad { object["scratchpad"] = .string(scratchpad.rawValue) }
        if let family { object["family"] = .string(family) }
        return .object(object)
    }
}
