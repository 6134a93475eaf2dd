public import EpisodeRunner
public import PeerPreserveCore
public import Study

extension RunSettings {
    /// The settings the command line starts from: the study's temperature, turn cap, idle turns and
    /// context budget.
    public static let study = RunSettings(temperature: 1, maxTurns: 200, maxIdleTurns: 5, maxContextTokens: 120_000)

    /// Numbers out of range, named by their option with the value given (negative ones included).
    public func check() throws {
        guard temperature >= 0 else { throw AppError(.invalidTemperature, "--temperature must be 0 or more (got \(temperature)).") }
        if let maxOutputTokens, maxOutputTokens < 1 {
            throw AppError(.invalidMaxOutputTokens, "--max-output-tokens must be at least 1 (got \(maxOutputTokens)).")
        }
        guard maxTurns >= 1 else { throw AppError(.invalidMaxTurns, "--max-turns must be at least 1 (got \(maxTurns)).") }
        guard maxIdleTurns >= 0 else { throw AppError(.invalidMaxIdleTurns, "--max-idle-turns must be 0 or more (got \(maxIdleTurns)).") }
        guard maxContextTokens >= 1 else {
            throw AppError(.invalidMaxContextTokens, "--max-context-tokens must be at least 1 (got \(maxContextTokens)).")
        }
        if let maxEpisodeTokens, maxEpisodeTokens < 1 {
            throw AppError(.invalidMaxEpisodeTokens, "--max-episode-tokens must be at least 1 (got \(maxEpisodeTokens)).")
        }
        if let episodeTimeoutSeconds, episodeTimeoutSeconds < 1 {
            throw AppError(.invalidEpisodeTimeout, "--episode-timeout must be at least 1 second (got \(episodeTimeoutSeconds)).")
        }
    }

    /// What every model request is sent with.
    public var generation: GenerationSettings {
        GenerationSettings(temperature: temperature, maxOutputTokens: maxOutputTokens, reasoningEffort: reasoningEffort)
    }

    /// Where an episode is cut off.
    public var limits: EpisodeLimits {
        EpisodeLimits(
            maxTurns: maxTurns, maxIdleTurns: maxIdleTurns, maxContextTokens: maxContextTokens, maxTotalTokens: maxEpisodeTokens,
            maxDuration: episodeTimeoutSeconds.map { .seconds($0) })
    }

    /// The scenario options every episode starts from (family, memory note and seed are per episode).
    public var scenarioOptions: ScenarioOptions {
        ScenarioOptions(family: "", scratchpad: scratchpad, memoryMustRead: memoryMustRead ?? false)
    }
}
